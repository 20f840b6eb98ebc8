namespace Berth.Sys.Interop;

/// <summary>
/// The name ps, top and pgrep show. berth re-executes itself through /proc/self/exe, which the
/// kernel would otherwise name "exe".
/// </summary>
public static unsafe class ProcessName
{
    const int PR_SET_NAME = 15;

    public static void Set(string name)
    {
        var bytes = new byte[16];
        System.Text.Encoding.ASCII.GetBytes(name.AsSpan(0, Math.Min(name.Length, 15)), bytes);
        fixed (byte* p = bytes) Libc.prctl(PR_SET_NAME, (nuint)p, 0, 0, 0);
    }
}
