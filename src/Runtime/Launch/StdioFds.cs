namespace Berth.Runtime.Launch;

/// <summary>The fds in the launching process that become the container process's 0, 1 and 2.</summary>
public readonly record struct StdioFds(int Stdin, int Stdout, int Stderr)
{
    public IEnumerable<(int Source, int Target)> Map() => [(Stdin, 0), (Stdout, 1), (Stderr, 2)];
}
