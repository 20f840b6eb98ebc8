using System.Buffers.Binary;
using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Engine.Monitor;

/// <summary>
/// The monitor's end of the socket to the CLI that started the container. When the CLI goes
/// (detached, killed), the container runs on; its stdin closes if it was attached (docker's StdinOnce).
/// </summary>
sealed class AttachChannel(int fd, bool stdinFromClient)
{
    readonly FrameReader _reader = new();
    public int Fd { get; private set; } = fd;

    public bool IsOpen => Fd >= 0;

    public void Send(FrameType type, ReadOnlySpan<byte> payload)
    {
        if (Fd < 0) return;
        try { AttachFrame.Send(Fd, type, payload); }
        catch (SystemCallException) { Close(); }
    }

    public void SendInt(FrameType type, int value, string? message = null)
    {
        if (Fd < 0) return;
        try { AttachFrame.SendInt(Fd, type, value, message); }
        catch (SystemCallException) { Close(); }
    }

    public void SendOutput(bool stderr, ReadOnlySpan<byte> data) => Send(stderr ? FrameType.Stderr : FrameType.Stdout, data);

    public void OnReadable(ContainerIo io)
    {
        if (!_reader.Fill(Fd))
        {
            Close();
            if (stdinFromClient) io.CloseStdin();
            return;
        }
        while (_reader.TryTake(out var type, out var payload))
        {
            switch (type)
            {
                case FrameType.Stdin when io.StdinWriter >= 0:
                    try { Libc.WriteAll(io.StdinWriter, payload); }
                    catch (SystemCallException) { io.CloseStdin(); }
                    break;
                case FrameType.StdinClose:
                    io.CloseStdin();
                    break;
                case FrameType.Resize when payload.Length >= 4:
                    io.Terminal?.Resize(BinaryPrimitives.ReadUInt16BigEndian(payload), BinaryPrimitives.ReadUInt16BigEndian(payload.AsSpan(2)));
                    break;
            }
        }
    }

    public void Close()
    {
        if (Fd < 0) return;
        Libc.close(Fd);
        Fd = -1;
    }
}
