using Berth.Images.Content;

namespace Berth.Registry.Client;

/// <summary>
/// docker's non-terminal progress: one line per layer and state ("a3ed95caeb02: Pull complete"),
/// written whole under a lock because layers move in parallel. Byte counts are left out, as docker
/// leaves them out when its output is not a terminal: logs and scripts get stable lines.
/// </summary>
public sealed class ProgressLines(TextWriter output) : ITransferProgress
{
    readonly Lock _lock = new();

    public void Line(string text)
    {
        lock (_lock)
        {
            output.WriteLine(text);
            output.Flush();
        }
    }

    public void Layer(Digest digest, string state) => Line($"{digest.Short}: {state}");

    public void Bytes(Digest digest, string action, long done, long total) { }
}
