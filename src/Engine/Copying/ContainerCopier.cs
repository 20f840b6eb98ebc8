using Berth.Engine.Containers;
using Berth.Images.Snapshots;

namespace Berth.Engine.Copying;

/// <summary>`cp`: between a container (running or stopped) and the host, or a tar stream, by docker's rules.</summary>
public sealed class ContainerCopier(BerthPaths paths, LayerStore layers)
{
    readonly ContainerStore _store = new(paths);

    /// <returns>Bytes of file content copied.</returns>
    public long FromContainer(string container, string source, string destination, CopyOptions options)
    {
        using var filesystem = Open(container);
        var from = CopySource.Resolve(filesystem.Tree, source, options.FollowLink);
        using var host = FileTree.Host();
        var target = CopyTarget.Resolve(host, destination, from);
        return Copy(new TreeReader(filesystem.Tree).Read(from), host, target, options.KeepOwners ? OwnerPolicy.KeepSource : OwnerPolicy.Caller);
    }

    public long ToContainer(string source, string container, string destination, CopyOptions options)
    {
        using var host = FileTree.Host();
        var from = CopySource.Resolve(host, source, options.FollowLink);
        using var filesystem = Open(container);
        var target = CopyTarget.Resolve(filesystem.Tree, destination, from);
        return Copy(new TreeReader(host).Read(from), filesystem.Tree, target, Owners(options));
    }

    /// <summary>`cp CONTAINER:SRC -`: a tar stream whose top entry carries the source's name ("." for "dir/.").</summary>
    public long FromContainerAsTar(string container, string source, Stream output, CopyOptions options)
    {
        using var filesystem = Open(container);
        var from = CopySource.Resolve(filesystem.Tree, source, options.FollowLink);
        return TarOutput.Write(new TreeReader(filesystem.Tree).Read(from), from.ContentsOnly ? "." : from.BaseName, output);
    }

    /// <summary>`cp - CONTAINER:DEST`: unpacks a tar stream into an existing directory.</summary>
    public long TarToContainer(Stream input, string container, string destination, CopyOptions options)
    {
        using var filesystem = Open(container);
        var target = CopyTarget.ExistingDirectory(filesystem.Tree, destination, $"{container}:{destination}");
        return Copy(TarInput.Read(input), filesystem.Tree, target, Owners(options));
    }

    static OwnerPolicy Owners(CopyOptions options) => options.KeepOwners ? OwnerPolicy.KeepSource : OwnerPolicy.ContainerRoot;

    static long Copy(IEnumerable<CopyEntry> entries, FileTree tree, string target, OwnerPolicy owners)
    {
        using var writer = new TreeWriter(tree, target, owners);
        foreach (var entry in entries) writer.Write(entry);
        writer.Finish();
        return writer.Bytes;
    }

    ContainerFilesystem Open(string container) =>
        ContainerFilesystem.Open(paths, layers, _store, _store.Get(container), container);
}
