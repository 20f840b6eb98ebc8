using Berth.Sys.Errors;

namespace Berth.Seccomp;

/// <summary>Kernel versions as docker's profile conditions read them: "version.major", the rest ignored.</summary>
internal static class KernelVersion
{
    static readonly Lazy<Version> HostVersion = new(ReadHost);

    public static Version Host() => HostVersion.Value;

    /// <summary>A <c>minKernel</c> value: exactly "A.B", not 0.0.</summary>
    public static Version ParseMinimum(string text)
    {
        var parts = text.Split('.');
        if (parts.Length != 2 || !byte.TryParse(parts[0], out var version) || !byte.TryParse(parts[1], out var major)
            || (version == 0 && major == 0))
            throw BerthException.Invalid($"seccomp profile: invalid minKernel \"{text}\", expected \"<kernel>.<major>\" such as \"5.8\"");
        return new Version(version, major);
    }

    /// <summary>The leading "A.B" of a release such as "6.1.0-18-amd64" or "3.12-1-amd64".</summary>
    public static Version? ParseRelease(string release)
    {
        var digits = release.Trim();
        var end = 0;
        while (end < digits.Length && (char.IsAsciiDigit(digits[end]) || digits[end] == '.')) end++;
        var parts = digits[..end].Split('.', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 && int.TryParse(parts[0], out var version) && int.TryParse(parts[1], out var major)
            ? new Version(version, major)
            : null;
    }

    static Version ReadHost()
    {
        const string path = "/proc/sys/kernel/osrelease";
        string release;
        try { release = File.ReadAllText(path); }
        catch (IOException e) { throw BerthException.Internal($"read kernel release from {path}: {e.Message}", e); }
        return ParseRelease(release) ?? throw BerthException.Internal($"cannot parse kernel release \"{release.Trim()}\"");
    }
}
