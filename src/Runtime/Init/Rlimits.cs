using Berth.Runtime.Spec;
using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Runtime.Init;

static unsafe class Rlimits
{
    static readonly string[] Names =
    [
        "RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK", "RLIMIT_CORE", "RLIMIT_RSS", "RLIMIT_NPROC",
        "RLIMIT_NOFILE", "RLIMIT_MEMLOCK", "RLIMIT_AS", "RLIMIT_LOCKS", "RLIMIT_SIGPENDING", "RLIMIT_MSGQUEUE",
        "RLIMIT_NICE", "RLIMIT_RTPRIO", "RLIMIT_RTTIME",
    ];

    public static int Resource(string name)
    {
        var upper = name.ToUpperInvariant();
        var index = Array.IndexOf(Names, upper.StartsWith("RLIMIT_") ? upper : "RLIMIT_" + upper);
        return index >= 0 ? index : throw BerthException.Invalid($"unknown rlimit type \"{name}\"");
    }

    public static void Apply(IEnumerable<OciRlimit>? limits)
    {
        foreach (var limit in limits ?? [])
        {
            var value = new Libc.Rlimit { Soft = limit.Soft, Hard = limit.Hard };
            if (Libc.setrlimit(Resource(limit.Type), &value) < 0)
                throw new SystemCallException($"setrlimit {limit.Type} soft={limit.Soft} hard={limit.Hard}", Libc.LastErrno);
        }
    }
}

/// <summary>Checks --ulimit names on the client, before anything is created.</summary>
public static class RlimitNames
{
    public static void Validate(string name) => Rlimits.Resource(name);
}
