using Berth.Runtime.Spec;

namespace Berth.Runtime.Cgroups;

/// <summary>The v1 devices.allow/deny line for an OCI device rule: "c 1:3 rwm", "a *:* rwm".</summary>
public static class DeviceRule
{
    public static string Format(OciDeviceRule rule)
    {
        var type = string.IsNullOrEmpty(rule.Type) ? "a" : rule.Type;
        var major = rule.Major is { } ma && ma >= 0 ? ma.ToString() : "*";
        var minor = rule.Minor is { } mi && mi >= 0 ? mi.ToString() : "*";
        var access = string.IsNullOrEmpty(rule.Access) ? "rwm" : rule.Access;
        return $"{type} {major}:{minor} {access}";
    }
}
