using System.Runtime.InteropServices;

namespace Berth.Sys.Interop;

/// <summary>Sockets beyond socketpair: netlink for links and addresses, UDP for the DNS responder.</summary>
public static unsafe partial class Libc
{
    public const int AF_INET = 2, AF_NETLINK = 16, SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_RAW = 3, SOCK_NONBLOCK = 0x800, SOCK_CLOEXEC = 0x80000;
    public const int SOL_SOCKET = 1, SO_REUSEADDR = 2, IPPROTO_IP = 0, IP_FREEBIND = 15;

    [StructLayout(LayoutKind.Sequential)]
    public struct SockaddrIn
    {
        public ushort Family;
        public ushort PortBigEndian;
        public uint AddressBigEndian;
        public ulong Zero;
    }

    [LibraryImport(Lib, SetLastError = true)] public static partial int bind(int fd, void* address, int length);
    [LibraryImport(Lib, SetLastError = true)] public static partial int getsockname(int fd, void* address, int* length);
    [LibraryImport(Lib, SetLastError = true)] public static partial nint sendto(int fd, byte* buffer, nint length, int flags, void* address, int addressLength);
    [LibraryImport(Lib, SetLastError = true)] public static partial nint recvfrom(int fd, byte* buffer, nint length, int flags, void* address, int* addressLength);
    [LibraryImport(Lib, SetLastError = true)] public static partial int setsockopt(int fd, int level, int name, void* value, int length);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial uint if_nametoindex(string name);

    public static SockaddrIn Inet(uint addressHostOrder, ushort port) => new()
    {
        Family = AF_INET,
        PortBigEndian = (ushort)((port >> 8) | (port << 8)),
        AddressBigEndian = System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(addressHostOrder),
    };
}
