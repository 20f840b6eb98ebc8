using Berth.Images.Import;
using Berth.Images.Oci;

namespace Berth.Images.Archive;

/// <summary>Which manifest of an index runs here: linux on this machine's architecture, else the only one.</summary>
public static class Platforms
{
    public static Descriptor? Pick(IReadOnlyList<Descriptor> manifests)
    {
        var arch = ImageImporter.CurrentArchitecture;
        return manifests.FirstOrDefault(m => m.Platform is { } p && p.Os == "linux" && p.Architecture == arch)
            ?? (manifests.Count(m => m.Platform is null || m.Platform.Os != "unknown") == 1 ? manifests.First(m => m.Platform is null || m.Platform.Os != "unknown") : null);
    }
}
