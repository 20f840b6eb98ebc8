namespace Berth.Registry.Server;

static class StorageErrors
{
    const int ENOSPC = 28;
    const int EDQUOT = 122;

    /// <summary>.NET reports errno in the low bits of HResult for Unix IO errors.</summary>
    public static bool IsDiskFull(IOException e) =>
        (e.HResult & 0xFFFF) is ENOSPC or EDQUOT || e.Message.Contains("No space left", StringComparison.Ordinal);
}
