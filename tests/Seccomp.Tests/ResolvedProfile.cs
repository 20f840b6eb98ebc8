namespace Berth.Seccomp.Tests;

/// <summary>Questions about a resolved OCI profile, for readable assertions.</summary>
static class ResolvedProfile
{
    public static IEnumerable<LinuxSyscall> RulesFor(this LinuxSeccomp profile, string name) =>
        (profile.Syscalls ?? []).Where(rule => rule.Names.Contains(name));

    /// <summary>Allowed by a rule without argument conditions.</summary>
    public static bool AllowsUnconditionally(this LinuxSeccomp profile, string name) =>
        profile.RulesFor(name).Any(rule => rule.Action == SeccompActions.Allow && rule.Args is not { Count: > 0 });

    public static bool Mentions(this LinuxSeccomp profile, string name) => profile.RulesFor(name).Any();
}
