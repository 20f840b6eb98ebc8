using System.Runtime.InteropServices;
using Berth.Sys.Errors;

namespace Berth.Sys.Interop;

/// <summary>
/// Random IDs from the kernel's getrandom(2). .NET's RandomNumberGenerator goes through OpenSSL on
/// Linux, and loading it costs milliseconds on every `run`.
/// </summary>
public static unsafe partial class SecureRandom
{
    [LibraryImport("libc", SetLastError = true)]
    private static partial nint getrandom(byte* buffer, nuint length, uint flags);

    public static void Fill(Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            var done = 0;
            while (done < buffer.Length)
            {
                var n = getrandom(p + done, (nuint)(buffer.Length - done), 0);
                if (n < 0 && Libc.LastErrno == Errno.EINTR) continue;
                if (n < 0) throw new SystemCallException("getrandom", Libc.LastErrno);
                done += (int)n;
            }
        }
    }

    /// <summary>64 lowercase hex digits, docker's ID format.</summary>
    public static string Hex64()
    {
        Span<byte> bytes = stackalloc byte[32];
        Fill(bytes);
        return Convert.ToHexStringLower(bytes);
    }
}
