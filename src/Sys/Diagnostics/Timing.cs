using Berth.Sys.Interop;

namespace Berth.Sys.Diagnostics;

/// <summary>
/// Opt-in phase timestamps for profiling a command across its processes (CLI, monitor, init):
/// with BERTH_TIMING=FILE each mark appends "time pid label" on one clock. The fd stays open (and
/// O_APPEND keeps processes from overwriting each other), so init can keep marking after pivot_root.
/// Off, a mark costs one check.
/// </summary>
public static class Timing
{
    static readonly int Fd = Open(Environment.GetEnvironmentVariable("BERTH_TIMING"));

    public static bool Enabled => Fd >= 0;

    static int Open(string? path) =>
        path is null ? -1 : Libc.open(path, Libc.O_WRONLY | Libc.O_APPEND | Libc.O_CREAT | Libc.O_CLOEXEC, 0x1a4);

    public static void Mark(string label)
    {
        if (Fd < 0) return;
        var micros = DateTime.UtcNow.Ticks / 10 % 100_000_000;
        Libc.WriteAll(Fd, System.Text.Encoding.UTF8.GetBytes($"{micros / 1000.0,12:F3} {Environment.ProcessId,7} {label}\n"));
    }
}
