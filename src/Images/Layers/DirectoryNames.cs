using System.Text;
using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Images.Layers;

/// <summary>Lists a directory through its descriptor with getdents64, so no path is resolved again.</summary>
static unsafe class DirectoryNames
{
    const int BufferSize = 64 * 1024;
    const int NameOffset = 19; // after u64 inode, s64 offset, u16 record length, u8 type
    const int RecordLengthOffset = 16;

    static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    /// <summary>The names in the directory, without "." and ".."; <paramref name="path"/> is for errors.</summary>
    public static List<string> Read(int directoryFd, string path)
    {
        var names = new List<string>();
        var buffer = new byte[BufferSize];
        fixed (byte* start = buffer)
        {
            nint filled;
            while ((filled = Libc.getdents64(directoryFd, start, BufferSize)) > 0)
                for (nint offset = 0; offset < filled; offset += *(ushort*)(start + offset + RecordLengthOffset))
                    AddName(names, new ReadOnlySpan<byte>(start + offset + NameOffset, BufferSize - (int)offset - NameOffset), path);
            if (filled < 0) throw new SystemCallException($"read directory {path}", Libc.LastErrno);
        }
        return names;
    }

    static void AddName(List<string> names, ReadOnlySpan<byte> record, string path)
    {
        var name = record[..record.IndexOf((byte)0)];
        if (name is [(byte)'.'] or [(byte)'.', (byte)'.']) return;
        try
        {
            names.Add(StrictUtf8.GetString(name));
        }
        catch (DecoderFallbackException)
        {
            // A name that is not UTF-8 could not be opened again by its decoded string.
            throw BerthException.Invalid($"file name in {path} is not valid UTF-8: {Convert.ToHexString(name)}");
        }
    }
}
