using System.Text;

namespace Berth.Integration.Tests.Fixtures;

/// <summary>What one berth command did: its exit code, its stdout (as bytes, for tar streams) and its stderr.</summary>
public sealed record BerthResult(int Exit, byte[] StdoutBytes, string Stderr)
{
    public string Stdout => Encoding.UTF8.GetString(StdoutBytes);

    public string[] Lines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Fails the test with berth's own words when the command failed.</summary>
    public BerthResult Ok()
    {
        Assert.True(Exit == 0, $"berth exited {Exit}\nstdout: {Stdout}\nstderr: {Stderr}");
        return this;
    }
}
