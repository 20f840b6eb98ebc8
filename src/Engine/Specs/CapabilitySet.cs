using Berth.Runtime.Security;

namespace Berth.Engine.Specs;

/// <summary>docker's arithmetic: the default set, plus --cap-add, minus --cap-drop ("ALL" allowed in both).</summary>
public static class CapabilitySet
{
    public static List<string> Compute(IEnumerable<string>? add, IEnumerable<string>? drop, bool privileged)
    {
        if (privileged) return [.. Capabilities.HostBounding()];
        var adds = (add ?? []).Select(Capabilities.Normalize).ToList();
        var drops = (drop ?? []).Select(Capabilities.Normalize).ToList();
        var set = new List<string>(drops.Contains("ALL") ? [] : Capabilities.DockerDefault);
        if (adds.Contains("ALL")) set = [.. Capabilities.All];
        foreach (var cap in adds.Where(c => c != "ALL" && !set.Contains(c))) set.Add(cap);
        set.RemoveAll(c => drops.Contains(c) && !adds.Contains(c));
        // The kernel refuses to grant what the host's bounding set no longer holds.
        var host = Capabilities.HostBounding();
        return set.Where(host.Contains).ToList();
    }
}
