namespace Berth.Seccomp;

/// <summary>The runtime-spec action names.</summary>
public static class SeccompActions
{
    public const string Allow = "SCMP_ACT_ALLOW";
    public const string Errno = "SCMP_ACT_ERRNO";
    /// <summary>Kills the thread (libseccomp's and runc's meaning of plain KILL).</summary>
    public const string Kill = "SCMP_ACT_KILL";
    public const string KillThread = "SCMP_ACT_KILL_THREAD";
    public const string KillProcess = "SCMP_ACT_KILL_PROCESS";
    public const string Trap = "SCMP_ACT_TRAP";
    public const string Trace = "SCMP_ACT_TRACE";
    public const string Log = "SCMP_ACT_LOG";
    public const string Notify = "SCMP_ACT_NOTIFY";
}
