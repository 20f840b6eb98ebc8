namespace Berth.Registry.Client;

/// <summary>
/// docker's non-terminal progress: one line per layer and state ("a3ed95caeb02: Pull complete"),
/// written whole under a lock because layers move in parallel.
/// </summary>
public sealed class ProgressLines(TextWriter output)
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

    public void Layer(Berth.Images.Content.Digest digest, string state) => Line($"{digest.Short}: {state}");
}
