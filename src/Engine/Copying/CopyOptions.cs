namespace Berth.Engine.Copying;

/// <summary>cp's flags: -L follows a symlink given as the source, -a keeps the source's owners.</summary>
public sealed record CopyOptions(bool FollowLink, bool KeepOwners);
