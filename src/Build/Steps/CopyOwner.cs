namespace Berth.Build.Steps;

/// <summary>Who copied files belong to and what mode they get: --chown and --chmod, or what the source has.</summary>
public sealed record CopyAttributes(uint? Uid, uint? Gid, uint? Mode, bool KeepSourceOwner);
