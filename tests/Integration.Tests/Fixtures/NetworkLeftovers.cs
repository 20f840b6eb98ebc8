using System.Diagnostics;

namespace Berth.Integration.Tests.Fixtures;

/// <summary>
/// The kernel and host state a container's network leaves while it runs: its host-side veth (inspect's
/// EndpointID), its nftables port table, its address leases and port claim under /run/berth-net, and
/// its names on user networks. After removal none may remain.
/// </summary>
public static class NetworkLeftovers
{
    public static IReadOnlyList<string> Links() => Directory.EnumerateDirectories("/sys/class/net").Select(Path.GetFileName).OfType<string>().ToList();

    public static IReadOnlyList<string> NftTables()
    {
        using var nft = Process.Start(new ProcessStartInfo("nft", "list tables ip") { RedirectStandardOutput = true, UseShellExecute = false })!;
        var output = nft.StandardOutput.ReadToEnd();
        nft.WaitForExit();
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ').Last()).ToList();
    }

    /// <summary>Fails naming what of container <paramref name="id"/> (with host veth <paramref name="veth"/>) is still there.</summary>
    public static void AssertGone(BerthFixture berth, string id, string veth)
    {
        var found = new List<string>();
        if (veth.Length > 0 && Links().Contains(veth)) found.Add($"link {veth}");
        if (NftTables().Contains("berthc-" + id[..12])) found.Add($"nft table berthc-{id[..12]}");
        if (File.Exists(Path.Combine("/run/berth-net/ports", id))) found.Add("port claim");
        var owner = Path.Combine(berth.RunRoot, "containers", id, "monitor.pid");
        if (Directory.Exists("/run/berth-net/leases"))
            foreach (var lease in Directory.EnumerateFiles("/run/berth-net/leases", "*", SearchOption.AllDirectories))
                if (SafeRead(lease).StartsWith(owner)) found.Add($"lease {lease}");
        var names = Path.Combine(berth.RunRoot, "networks");
        if (Directory.Exists(names))
            foreach (var file in Directory.EnumerateFiles(names, id, SearchOption.AllDirectories)) found.Add($"DNS entry {file}");
        Assert.True(found.Count == 0, $"left behind by {id[..12]}: {string.Join(", ", found)}");
    }

    /// <summary>Fails if the network's bridge or its rules table survived its removal.</summary>
    public static void AssertNetworkGone(string bridge)
    {
        Assert.DoesNotContain(bridge, Links());
        Assert.DoesNotContain("berthn-" + bridge, NftTables());
    }

    static string SafeRead(string path)
    {
        try { return File.ReadAllText(path); }
        catch (IOException) { return ""; }
    }
}
