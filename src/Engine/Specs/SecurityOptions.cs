using Berth.Sys.Errors;

namespace Berth.Engine.Specs;

/// <summary>--security-opt values berth understands.</summary>
public sealed record SecurityOptions(bool NoNewPrivileges, bool SeccompUnconfined, string? SeccompProfile)
{
    public static SecurityOptions Parse(IEnumerable<string>? options)
    {
        var result = new SecurityOptions(false, false, null);
        foreach (var option in options ?? [])
        {
            var (key, value) = option.IndexOfAny(['=', ':']) is var i and > 0 ? (option[..i], option[(i + 1)..]) : (option, "");
            result = key switch
            {
                "no-new-privileges" => result with { NoNewPrivileges = value is "" or "true" },
                "seccomp" when value == "unconfined" => result with { SeccompUnconfined = true },
                "seccomp" when value.Length > 0 => result with { SeccompProfile = value },
                "apparmor" or "label" => result, // no LSM on this platform: accepted and ignored, as docker does without AppArmor
                _ => throw BerthException.Invalid($"invalid --security-opt: \"{option}\""),
            };
        }
        return result;
    }
}
