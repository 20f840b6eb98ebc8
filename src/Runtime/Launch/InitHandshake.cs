using System.Text.Json;
using Berth.Runtime.Spawn;
using Berth.Runtime.Spec;
using Berth.Sys.Interop;

namespace Berth.Runtime.Launch;

/// <summary>
/// Reads init's error pipe: end of file with no data means the command was exec'd (the pipe is
/// close-on-exec); a JSON line means init failed and says why.
/// </summary>
static class InitHandshake
{
    public static void Await(int errorPipe, ChildProcess child)
    {
        var buffer = new byte[64 * 1024];
        var length = 0;
        while (length < buffer.Length)
        {
            var n = Libc.ReadSome(errorPipe, buffer.AsSpan(length));
            if (n <= 0) break;
            length += n;
        }
        Libc.close(errorPipe);
        if (length == 0)
        {
            if (child.TryReap() is { } status && status != 0 && Libc.ExitCodeOf(status) is 125)
                throw new StartFailedException(125, "container init exited before exec");
            return;
        }
        child.Wait();
        InitFailure? failure = null;
        try { failure = JsonSerializer.Deserialize(buffer.AsSpan(0, length), RuntimeJson.Default.InitFailure); }
        catch (JsonException) { }
        throw new StartFailedException(failure?.ExitCode ?? 125, failure?.Message ?? "container init failed");
    }
}
