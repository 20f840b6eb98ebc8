using Berth.Sys.Errors;

namespace Berth.Seccomp;

/// <summary>Runtime-spec action names to libseccomp's action values, with runc's defaults and refusals.</summary>
internal static class ActionCodes
{
    const uint EPERM = 1;

    /// <summary>The largest errno an ERRNO action can carry (the kernel's MAX_ERRNO).</summary>
    const uint MaxErrno = 4095;

    /// <param name="where">Names the rule in an error message: "defaultAction", "syscall \"mount\"".</param>
    public static uint Parse(string action, uint? errnoRet, string where)
    {
        if (errnoRet is not null && action is not (SeccompActions.Errno or SeccompActions.Trace))
            throw BerthException.Invalid($"seccomp profile: {where}: errnoRet is only valid with {SeccompActions.Errno} or {SeccompActions.Trace}, not {action}");
        if (errnoRet > MaxErrno)
            throw BerthException.Invalid($"seccomp profile: {where}: errnoRet {errnoRet} is larger than {MaxErrno}");
        return action switch
        {
            SeccompActions.Allow => Libseccomp.ActAllow,
            SeccompActions.Errno => Libseccomp.ActErrnoBase | (errnoRet ?? EPERM),
            SeccompActions.Kill or SeccompActions.KillThread => Libseccomp.ActKillThread,
            SeccompActions.KillProcess => Libseccomp.ActKillProcess,
            SeccompActions.Trap => Libseccomp.ActTrap,
            SeccompActions.Log => Libseccomp.ActLog,
            SeccompActions.Trace => Libseccomp.ActTraceBase | (errnoRet ?? EPERM),
            SeccompActions.Notify => throw BerthException.Invalid($"seccomp profile: {where}: {SeccompActions.Notify} is not supported by berth"),
            _ => throw BerthException.Invalid($"seccomp profile: {where}: unknown action \"{action}\""),
        };
    }

    /// <summary>
    /// Actions under which a syscall the profile never heard of should still run: for them a made-up ENOSYS
    /// would be wrong (runc counts TRACE here too, since a tracer handles new syscalls itself).
    /// </summary>
    public static bool LetsUnknownSyscallsRun(uint action) =>
        action is Libseccomp.ActAllow or Libseccomp.ActLog || (action & 0xffff_0000) == Libseccomp.ActTraceBase;
}
