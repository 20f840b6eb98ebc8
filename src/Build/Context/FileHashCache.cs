using System.Security.Cryptography;
using System.Text;
using Berth.Sys.Files;
using Berth.Sys.Interop;

namespace Berth.Build.Context;

/// <summary>
/// sha256 of file contents, remembered across builds by path, size, mtime (ns), inode and device:
/// an unchanged 50 MB file is stat'ed, not re-read. A file whose stat changed in any of those is
/// hashed again; editors that save by rename change the inode even when size and mtime match.
/// </summary>
public sealed class FileHashCache(string file)
{
    readonly Dictionary<string, (string Stamp, string Hash)> _entries = Load(file);
    bool _dirty;

    public string Hash(string hostPath, Libc.Statx st)
    {
        var stamp = $"{st.Size}:{st.MtimeSeconds}.{st.MtimeNanoseconds}:{st.Inode}:{st.DevMajor}.{st.DevMinor}";
        lock (_entries)
        {
            if (_entries.TryGetValue(hostPath, out var known) && known.Stamp == stamp) return known.Hash;
        }
        string hash;
        using (var stream = new FileStream(hostPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
            hash = Convert.ToHexStringLower(SHA256.HashData(stream));
        lock (_entries)
        {
            _entries[hostPath] = (stamp, hash);
            _dirty = true;
        }
        return hash;
    }

    public void Save()
    {
        if (!_dirty) return;
        var text = new StringBuilder();
        lock (_entries)
        {
            foreach (var (path, (stamp, hash)) in _entries)
                if (File.Exists(path)) text.Append(path).Append('\t').Append(stamp).Append('\t').Append(hash).Append('\n');
        }
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        AtomicFile.WriteText(file, text.ToString());
        _dirty = false;
    }

    static Dictionary<string, (string, string)> Load(string file)
    {
        var entries = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        try
        {
            foreach (var line in File.ReadLines(file))
            {
                var parts = line.Split('\t');
                if (parts.Length == 3) entries[parts[0]] = (parts[1], parts[2]);
            }
        }
        catch (IOException) { }
        return entries;
    }
}
