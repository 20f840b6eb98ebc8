using Berth.Network.Nft;

namespace Berth.Engine.Networks;

/// <summary>
/// Removes what a container's network left behind when its monitor could not (kill -9): its port rules
/// and claim, its address leases and its names. The veth pair needs nothing: it died with the
/// namespace, which died with the container (the monitor's death kills it).
/// </summary>
public static class NetworkJanitor
{
    public static void RemovePortRules(string containerId) => PortRules.Remove(containerId);

    /// <summary>Everything of one container whose monitor is gone.</summary>
    public static void ReleaseContainer(BerthPaths paths, string containerId)
    {
        var claim = Path.Combine(HostNetState.Ports, containerId);
        if (File.Exists(claim))
        {
            PortRules.Remove(containerId);
            File.Delete(claim);
        }
        var owner = paths.MonitorLock(containerId);
        var leases = Path.Combine(HostNetState.Dir, "leases");
        if (Directory.Exists(leases))
            foreach (var file in Directory.EnumerateFiles(leases, "*", SearchOption.AllDirectories))
                if (!Path.GetFileName(file).StartsWith('.')) Ipam.ReleaseFile(file, owner);
        var names = Path.Combine(paths.RunRoot, "networks");
        if (Directory.Exists(names))
            foreach (var dir in Directory.EnumerateDirectories(names)) File.Delete(Path.Combine(dir, containerId));
    }

    /// <summary>`system prune`, `network prune`: every entry of a dead holder, and every port table without a live claim.</summary>
    public static void Sweep(BerthPaths paths)
    {
        if (Directory.Exists(HostNetState.Ports))
            foreach (var file in Directory.EnumerateFiles(HostNetState.Ports))
                if (!HostNetState.HolderAlive(file)) ReleaseContainer(paths, Path.GetFileName(file));
        var claimed = Directory.Exists(HostNetState.Ports) ? Directory.EnumerateFiles(HostNetState.Ports).Select(f => PortRules.TableOf(Path.GetFileName(f))).ToHashSet() : [];
        foreach (var table in NftTool.Tables(PortRules.TablePrefix))
            if (!claimed.Contains(table)) NftTool.DeleteTable(table);
        var leases = Path.Combine(HostNetState.Dir, "leases");
        if (Directory.Exists(leases))
            foreach (var file in Directory.EnumerateFiles(leases, "*", SearchOption.AllDirectories))
                if (!Path.GetFileName(file).StartsWith('.') && HostNetState.HolderOf(file) is { Length: > 0 } holder && !Sys.Files.FileLock.IsHeld(holder))
                    Ipam.ReleaseFile(file, holder);
        var names = Path.Combine(paths.RunRoot, "networks");
        if (Directory.Exists(names))
            foreach (var file in Directory.EnumerateFiles(names, "*", SearchOption.AllDirectories))
                if (!HostNetState.HolderAlive(file)) File.Delete(file);
    }
}
