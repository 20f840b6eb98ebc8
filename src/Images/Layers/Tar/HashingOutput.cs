using System.Security.Cryptography;
using Berth.Images.Content;
using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Images.Layers.Tar;

/// <summary>A large write buffer in front of the output that hashes and counts everything written.</summary>
sealed unsafe class HashingOutput(Stream output) : IDisposable
{
    const int Capacity = 1 << 20;

    readonly byte[] buffer = GC.AllocateUninitializedArray<byte>(Capacity, pinned: true);
    readonly IncrementalHash sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    int fill;
    long flushed;

    public void Write(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            if (fill == Capacity) Flush();
            var count = Math.Min(data.Length, Capacity - fill);
            data[..count].CopyTo(buffer.AsSpan(fill));
            fill += count;
            data = data[count..];
        }
    }

    public void WriteZeros(long count)
    {
        while (count > 0)
        {
            if (fill == Capacity) Flush();
            var chunk = (int)Math.Min(count, Capacity - fill);
            buffer.AsSpan(fill, chunk).Clear();
            fill += chunk;
            count -= chunk;
        }
    }

    /// <summary>Copies exactly <paramref name="size"/> bytes of an open file, reading straight into the buffer.</summary>
    public void CopyFrom(int fd, long size, string path)
    {
        fixed (byte* start = buffer)
        {
            while (size > 0)
            {
                if (fill == Capacity) Flush();
                var read = Libc.read(fd, start + fill, (nint)Math.Min(size, Capacity - fill));
                if (read < 0 && Libc.LastErrno == Errno.EINTR) continue;
                if (read < 0) throw new SystemCallException($"read {path}", Libc.LastErrno);
                if (read == 0) throw Changed(path);
                fill += (int)read;
                size -= read;
            }
            byte extra;
            if (Libc.read(fd, &extra, 1) > 0) throw Changed(path);
        }
    }

    /// <summary>A tar header promises the size it saw; a file that changes under the writer cannot keep that promise.</summary>
    static BerthException Changed(string path) => BerthException.Conflict($"{path} changed while the layer was written");

    public (Digest Digest, long Length) Finish()
    {
        Flush();
        output.Flush();
        return (Digest.FromHash(sha256.GetHashAndReset()), flushed);
    }

    void Flush()
    {
        if (fill == 0) return;
        sha256.AppendData(buffer, 0, fill);
        output.Write(buffer, 0, fill);
        flushed += fill;
        fill = 0;
    }

    public void Dispose() => sha256.Dispose();
}
