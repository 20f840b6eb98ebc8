namespace Berth.Sys.Diagnostics;

/// <summary>
/// Opt-in phase timestamps for profiling a command across its processes (CLI, monitor, init):
/// with BERTH_TIMING=FILE each mark appends "time pid label" on one clock. Off, it costs one check.
/// </summary>
public static class Timing
{
    static readonly string? File = Environment.GetEnvironmentVariable("BERTH_TIMING");

    public static bool Enabled => File is not null;

    public static void Mark(string label)
    {
        if (File is null) return;
        var micros = DateTime.UtcNow.Ticks / 10 % 100_000_000;
        System.IO.File.AppendAllText(File, $"{micros / 1000.0,12:F3} {Environment.ProcessId,7} {label}\n");
    }
}
