using System.Runtime.InteropServices;
using Berth.Sys.Interop;

namespace Berth.Runtime.Init;

/// <summary>A new network namespace starts with "lo" down; every container expects 127.0.0.1 to work.</summary>
static unsafe class Loopback
{
    [StructLayout(LayoutKind.Sequential, Size = 40)]
    struct IfReq
    {
        public fixed byte Name[16];
        public short Flags;
    }

    public static void Up()
    {
        var socket = Libc.Check(Libc.socket(2 /*AF_INET*/, 2 | 0x80000 /*SOCK_DGRAM|SOCK_CLOEXEC*/, 0), "socket for loopback");
        try
        {
            var request = new IfReq();
            request.Name[0] = (byte)'l';
            request.Name[1] = (byte)'o';
            Libc.Check(Libc.ioctl(socket, Libc.SIOCGIFFLAGS, &request), "get flags of lo");
            request.Flags |= 1; // IFF_UP
            Libc.Check(Libc.ioctl(socket, Libc.SIOCSIFFLAGS, &request), "bring lo up");
        }
        finally
        {
            Libc.close(socket);
        }
    }
}
