using Berth.Engine;
using Berth.Engine.Containers;
using Berth.Images.Store;

namespace Berth.Cli;

/// <summary>What every command needs: where state lives, the stores, and the output streams.</summary>
public sealed class CliContext(BerthPaths paths, TextWriter output, TextWriter error)
{
    ImageStore? _images;
    ContainerStore? _containers;

    public BerthPaths Paths => paths;
    public TextWriter Out => output;
    public TextWriter Err => error;
    public ImageStore Images => _images ??= new ImageStore(paths.Root);
    public ContainerStore Containers => _containers ??= new ContainerStore(paths);
}
