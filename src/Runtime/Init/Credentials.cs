using Berth.Runtime.Security;
using Berth.Runtime.Spec;
using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Runtime.Init;

/// <summary>Switches to the container's user and capability sets, in the order the kernel requires.</summary>
static class Credentials
{
    public static void Apply(OciProcess process, int lastCap)
    {
        var caps = process.Capabilities;
        var bounding = Capabilities.Mask(caps?.Bounding);
        for (var bit = 0; bit <= lastCap; bit++)
            if ((bounding & (1UL << bit)) == 0 && Libc.prctl(Libc.PR_CAPBSET_DROP, (nuint)bit, 0, 0, 0) < 0 && Libc.LastErrno != Errno.EINVAL)
                throw new SystemCallException($"drop capability {bit} from the bounding set", Libc.LastErrno);

        // Keep the permitted set across the uid change; the effective set is restored by capset below.
        Libc.Check(Libc.prctl(Libc.PR_SET_KEEPCAPS, 1, 0, 0, 0), "prctl keepcaps");
        var user = process.User;
        Libc.Check(Libc.SetGroups((user.AdditionalGids ?? []).ToArray()), "setgroups");
        Libc.Check(Libc.SetResGid(user.Gid), $"setresgid {user.Gid}");
        Libc.Check(Libc.SetResUid(user.Uid), $"setresuid {user.Uid}");
        Libc.Check(Libc.prctl(Libc.PR_SET_KEEPCAPS, 0, 0, 0, 0), "prctl keepcaps off");

        Libc.Check(Libc.CapSet(Capabilities.Mask(caps?.Effective), Capabilities.Mask(caps?.Permitted), Capabilities.Mask(caps?.Inheritable)),
            "capset");
        foreach (var name in caps?.Ambient ?? [])
            if (Capabilities.TryBit(name, out var bit))
                Libc.prctl(Libc.PR_CAP_AMBIENT, Libc.PR_CAP_AMBIENT_RAISE, (nuint)bit, 0, 0);
    }
}
