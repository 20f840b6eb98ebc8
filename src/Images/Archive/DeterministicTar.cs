using System.Formats.Tar;

namespace Berth.Images.Archive;

/// <summary>
/// Writes archive entries so that the same content always gives the same bytes: ustar headers
/// (no pax times), root owner, fixed modes, the epoch as mtime, and names in sorted order.
/// </summary>
sealed class DeterministicTar(Stream output) : IDisposable
{
    readonly TarWriter _writer = new(output, TarEntryFormat.Ustar, leaveOpen: true);
    readonly SortedDictionary<string, Func<Stream>?> _entries = new(StringComparer.Ordinal);

    public void AddDirectory(string name) => _entries[name.TrimEnd('/') + "/"] = null;

    public void AddFile(string name, byte[] content) => _entries[name] = () => new MemoryStream(content, writable: false);

    public void AddFile(string name, Func<Stream> open) => _entries[name] = open;

    public bool Has(string name) => _entries.ContainsKey(name);

    public void Finish()
    {
        foreach (var (name, open) in _entries)
        {
            var entry = new UstarTarEntry(open is null ? TarEntryType.Directory : TarEntryType.RegularFile, name)
            {
                Mode = open is null ? (UnixFileMode)0x1ed : (UnixFileMode)0x1a4,
                ModificationTime = DateTimeOffset.UnixEpoch,
                Uid = 0,
                Gid = 0,
                UserName = "",
                GroupName = "",
            };
            if (open is null)
            {
                _writer.WriteEntry(entry);
                continue;
            }
            using var data = open();
            entry.DataStream = data;
            _writer.WriteEntry(entry);
        }
    }

    public void Dispose() => _writer.Dispose();
}
