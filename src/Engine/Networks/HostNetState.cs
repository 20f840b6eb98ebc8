using Berth.Sys.Files;

namespace Berth.Engine.Networks;

/// <summary>
/// What belongs to the host rather than to one root: bridges and ports are kernel-wide, so the address
/// leases of a bridge and the claims on host ports live in /run/berth-net, shared by every root. Each
/// entry names the monitor lock of the container that holds it; a free lock means a dead holder, whose
/// entry anyone may reclaim (a kill -9 leaks nothing for long).
/// </summary>
public static class HostNetState
{
    public static string Dir { get; } = Environment.GetEnvironmentVariable("BERTH_NETSTATE") ?? "/run/berth-net";
    public static string Leases(string bridge) => Path.Combine(Dir, "leases", bridge);
    public static string Ports => Path.Combine(Dir, "ports");
    public static string PortsLock => Path.Combine(Dir, "ports.lock");

    /// <summary>The monitor lock an entry names (its first line; empty while being written), or null if it is gone.</summary>
    public static string? HolderOf(string file) =>
        Sys.Interop.Libc.TryReadFile(file) is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes).Split('\n')[0] : null;

    public static bool HolderAlive(string file)
    {
        // An entry being written (empty yet) counts as alive; a missing lock file as dead.
        return HolderOf(file) is { } owner && (owner.Length == 0 || FileLock.IsHeld(owner));
    }
}
