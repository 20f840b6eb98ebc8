using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Images.Layers.Unpack;

/// <summary>
/// Checks a system call made for a path in the layer. The message is built only on failure:
/// building it up front would cost several strings for every entry of every layer.
/// </summary>
static class LayerCall
{
    public static int Check(int rc, string operation, string path) => rc >= 0 ? rc : throw Failed(operation, path);

    public static SystemCallException Failed(string operation, string path) =>
        new($"{operation} \"{path}\" in the layer", Libc.LastErrno);
}
