namespace Berth.Engine.Copying;

/// <summary>
/// One file of a copy, from a tree walk or a tar stream. <see cref="Path"/> is relative to what is
/// copied ("" is the copied file or directory itself); a hard link's <see cref="LinkTarget"/> is too.
/// </summary>
public sealed record CopyEntry
{
    public required string Path { get; init; }
    public required CopyEntryKind Kind { get; init; }
    /// <summary>Permission bits with setuid, setgid and sticky (07777).</summary>
    public uint Mode { get; init; }
    public int Uid { get; init; }
    public int Gid { get; init; }
    public long MtimeSeconds { get; init; }
    public long MtimeNanoseconds { get; init; }
    public string? LinkTarget { get; init; }
    public uint DevMajor { get; init; }
    public uint DevMinor { get; init; }
    public long Size { get; init; }
    /// <summary>A regular file's content; read it before moving to the next entry, and dispose it.</summary>
    public Func<Stream>? OpenContent { get; init; }

    public DateTimeOffset Modified => DateTimeOffset.UnixEpoch.AddTicks(MtimeSeconds * TimeSpan.TicksPerSecond + MtimeNanoseconds / 100);

    public static (long Seconds, long Nanoseconds) UnixTime(DateTimeOffset time)
    {
        var ticks = (time - DateTimeOffset.UnixEpoch).Ticks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var rest);
        if (rest < 0) (seconds, rest) = (seconds - 1, rest + TimeSpan.TicksPerSecond);
        return (seconds, rest * 100);
    }
}
