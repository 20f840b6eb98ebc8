namespace Berth.Runtime.Spec;

/// <summary>
/// The rootfs overlay's mount options. init mounts the overlay inside the container's mount namespace,
/// so the container's exit drops the last reference, and overlayfs then syncs the whole upper
/// filesystem before the exit is reported (8 ms here, on ext4). An upper directory that is thrown
/// away afterwards (`run --rm`, a build step's scratch) needs no sync: `volatile` skips it. After a
/// host crash overlayfs refuses such an upper directory, which nobody wants back anyway.
/// </summary>
public static class OverlayOptions
{
    const string Volatile = ",volatile";

    public static string For(string lowerDirs, string upperDir, string workDir, bool disposableUpper) =>
        $"lowerdir={lowerDirs},upperdir={upperDir},workdir={workDir}" + (disposableUpper ? Volatile : "");

    /// <summary>The same options without `volatile`, or null if they did not ask for it.</summary>
    public static string? WithoutVolatile(string options) =>
        options.EndsWith(Volatile, StringComparison.Ordinal) ? options[..^Volatile.Length] : null;
}
