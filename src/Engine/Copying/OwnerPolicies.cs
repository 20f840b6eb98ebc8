namespace Berth.Engine.Copying;

public static class OwnerPolicies
{
    /// <summary>The uid and gid to set, or null to leave the creating process as the owner.</summary>
    public static (int Uid, int Gid)? OwnerOf(this OwnerPolicy policy, CopyEntry entry) => policy switch
    {
        OwnerPolicy.KeepSource => (entry.Uid, entry.Gid),
        OwnerPolicy.ContainerRoot => (0, 0),
        _ => null,
    };
}
