using System.Runtime.InteropServices;

namespace Berth.Engine.Files;

/// <summary>overlayfs's marks on an upper directory, read through a descriptor so no path is resolved again.</summary>
public static unsafe partial class OverlayXattrs
{
    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint fgetxattr(int fd, string name, byte* value, nint size);

    /// <summary>An opaque directory hides everything the layers below have under its name.</summary>
    public static bool IsOpaque(int directoryFd)
    {
        byte value;
        return fgetxattr(directoryFd, "trusted.overlay.opaque", &value, 1) == 1 && value == (byte)'y';
    }
}
