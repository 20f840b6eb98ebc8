using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Engine.Copying;

/// <summary>Moves a file entry's bytes into a descriptor.</summary>
static class FileContent
{
    const int BufferSize = 128 * 1024;

    public static long Copy(CopyEntry entry, int fd, string shown)
    {
        if (entry.OpenContent is null) return 0;
        using var content = entry.OpenContent();
        var buffer = new byte[BufferSize];
        long total = 0;
        int n;
        while ((n = content.Read(buffer)) > 0)
        {
            try
            {
                Libc.WriteAll(fd, buffer.AsSpan(0, n));
            }
            catch (SystemCallException e)
            {
                throw new SystemCallException($"write {shown}", e.Errno);
            }
            total += n;
        }
        return total;
    }
}
