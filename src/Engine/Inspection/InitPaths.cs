namespace Berth.Engine.Inspection;

/// <summary>
/// Mount points berth's init makes in the upper layer (docker keeps them in a separate "-init"
/// layer), so `diff` leaves them out as docker does: a fresh container shows no changes.
/// </summary>
static class InitPaths
{
    static readonly HashSet<string> Paths = new(StringComparer.Ordinal)
    {
        "etc/hosts", "etc/hostname", "etc/resolv.conf", "etc/mtab", ".dockerenv", "dev", "proc", "sys",
    };

    public static bool Contains(string relativePath) => Paths.Contains(relativePath);
}
