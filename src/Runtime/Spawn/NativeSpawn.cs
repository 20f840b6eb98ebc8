using System.Runtime.InteropServices;

namespace Berth.Runtime.Spawn;

/// <summary>The C shim (native/spawn.c): clone (sharing memory until exec, or clone3 into a v2 cgroup), then execve in the child.</summary>
static unsafe partial class NativeSpawn
{
    const string Lib = "libberthshim";

    [StructLayout(LayoutKind.Sequential)]
    internal struct Request
    {
        public byte* Path;
        public int ExecFd;
        public byte** Argv;
        public byte** Envp;
        public ulong CloneFlags;
        public int CgroupFd;
        public int* FdMap;
        public int FdMapLength;
        public int PidNamespaceFd;
        public int NewSession;
        public int ParentDeathSignal;
    }

    [LibraryImport(Lib)] internal static partial int berth_spawn(Request* request, int* pidfd);
    [LibraryImport(Lib)] internal static partial int berth_nsenter_linked();
    [LibraryImport(Lib)] internal static partial byte* berth_reaper_image(long* length);
}
