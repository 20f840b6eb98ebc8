using System.Buffers.Binary;
using Berth.Sys.Interop;

namespace Berth.Engine.Monitor;

/// <summary>
/// The stream between an attached CLI and a container's monitor, over a socketpair: one byte of
/// type, four of big-endian length, then the payload (docker's attach multiplexing, plus control).
/// </summary>
public enum FrameType : byte
{
    Stdout = 1,
    Stderr = 2,
    /// <summary>The container runs: payload is its pid (int32).</summary>
    Started = 3,
    /// <summary>The container could not start: int32 exit code (125/126/127), then the message.</summary>
    StartFailed = 4,
    /// <summary>The container exited (and, with --rm, was removed): int32 exit code.</summary>
    Exited = 5,
    /// <summary>
    /// CLI to monitor, first frame: which container to run ("ID", or "ID ROWS COLUMNS" with a tty).
    /// The monitor is spawned before the container exists, so its start-up overlaps the CLI's create.
    /// </summary>
    Assign = 6,
    Stdin = 10,
    StdinClose = 11,
    /// <summary>uint16 rows, uint16 columns.</summary>
    Resize = 12,
}

public static class AttachFrame
{
    public const int HeaderLength = 5;
    public const int MaxPayload = 1 << 20;

    public static void Send(int fd, FrameType type, ReadOnlySpan<byte> payload)
    {
        Span<byte> header = stackalloc byte[HeaderLength];
        header[0] = (byte)type;
        BinaryPrimitives.WriteInt32BigEndian(header[1..], payload.Length);
        var frame = new byte[HeaderLength + payload.Length];
        header.CopyTo(frame);
        payload.CopyTo(frame.AsSpan(HeaderLength));
        Libc.WriteAll(fd, frame);
    }

    public static void SendInt(int fd, FrameType type, int value, string? message = null)
    {
        var text = message is null ? [] : System.Text.Encoding.UTF8.GetBytes(message);
        var payload = new byte[4 + text.Length];
        BinaryPrimitives.WriteInt32BigEndian(payload, value);
        text.CopyTo(payload, 4);
        Send(fd, type, payload);
    }

    /// <summary>Blocking read of one whole frame; null at end of stream.</summary>
    public static (FrameType Type, byte[] Payload)? Receive(int fd)
    {
        Span<byte> header = stackalloc byte[HeaderLength];
        if (!ReadExactly(fd, header)) return null;
        var length = BinaryPrimitives.ReadInt32BigEndian(header[1..]);
        if (length is < 0 or > MaxPayload) return null;
        var payload = new byte[length];
        return ReadExactly(fd, payload) ? ((FrameType)header[0], payload) : null;
    }

    static bool ReadExactly(int fd, Span<byte> buffer)
    {
        var done = 0;
        while (done < buffer.Length)
        {
            var n = Libc.ReadSome(fd, buffer[done..]);
            if (n <= 0) return false;
            done += n;
        }
        return true;
    }
}

/// <summary>Reassembles frames from a non-blocking socket, whatever the read boundaries.</summary>
public sealed class FrameReader
{
    byte[] _buffer = new byte[64 * 1024];
    int _length;

    /// <summary>Reads what is available; false at end of stream or on error.</summary>
    public bool Fill(int fd)
    {
        if (_buffer.Length - _length < 4096) Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, AttachFrame.MaxPayload * 2));
        var n = Libc.ReadSome(fd, _buffer.AsSpan(_length));
        if (n == -Sys.Errors.Errno.EAGAIN) return true;
        if (n <= 0) return false;
        _length += n;
        return true;
    }

    public bool TryTake(out FrameType type, out byte[] payload)
    {
        type = 0;
        payload = [];
        if (_length < AttachFrame.HeaderLength) return false;
        var length = BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(1));
        if (_length < AttachFrame.HeaderLength + length) return false;
        type = (FrameType)_buffer[0];
        payload = _buffer.AsSpan(AttachFrame.HeaderLength, length).ToArray();
        var consumed = AttachFrame.HeaderLength + length;
        Array.Copy(_buffer, consumed, _buffer, 0, _length - consumed);
        _length -= consumed;
        return true;
    }
}
