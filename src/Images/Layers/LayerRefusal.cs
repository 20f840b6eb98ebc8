using Berth.Sys.Errors;

namespace Berth.Images.Layers;

/// <summary>
/// The one-line errors for a layer berth will not unpack. Layers are untrusted input, so every
/// refusal is an InvalidArgument that names the entry, and the whole layer is rejected.
/// </summary>
static class LayerRefusal
{
    const int ShownNameChars = 120;

    public static BerthException Entry(string name, string why) =>
        BerthException.Invalid($"layer entry \"{Shown(name)}\" {why}: refusing the layer");

    public static BerthException Corrupt(string why, Exception? inner = null) =>
        new(ErrorKind.InvalidArgument, $"layer is not a valid tar stream: {why}", inner);

    /// <summary>Hostile names can be megabytes long; the message shows their start.</summary>
    static string Shown(string name) => name.Length <= ShownNameChars ? name : name[..ShownNameChars] + "…";
}
