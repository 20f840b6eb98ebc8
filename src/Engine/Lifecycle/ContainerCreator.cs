using Berth.Engine.Containers;
using Berth.Engine.Volumes;
using Berth.Images.Oci;
using Berth.Images.Store;
using Berth.Sys.Errors;
using Berth.Sys.Files;

namespace Berth.Engine.Lifecycle;

/// <summary>
/// `create`: merges the image's defaults under the user's flags (docker's rules), reserves the
/// name, resolves mounts and writes the container's directory. Anything half-made is undone on failure.
/// </summary>
public sealed class ContainerCreator(BerthPaths paths, ImageStore images)
{
    readonly ContainerStore _store = new(paths);
    readonly VolumeStore _volumes = new(paths);

    public ContainerRecord Create(CreateRequest request)
    {
        // From reading the image to writing the record, its layers are in use by nothing a collection can see.
        using var lease = images.Leases.Acquire();
        var image = images.TryGetForRun(request.Image) ?? throw BerthException.NotFound(
            $"Unable to find image '{Images.References.ImageReference.Parse(request.Image).Familiar}' locally: import it with 'berth import' or load it with 'berth load'");
        var id = ContainerStore.NewId();
        // The directory first: a name reserved by an ID without a directory is then known to be stale.
        Directory.CreateDirectory(paths.ContainerDir(id));
        string name;
        try
        {
            name = ReserveName(request.Name, id);
        }
        catch
        {
            Directory.Delete(paths.ContainerDir(id));
            throw;
        }
        try
        {
            return CreateReserved(request, image, id, name);
        }
        catch
        {
            Remover.RemoveFiles(_store, new ContainerRecord { Id = id, Name = "/" + name });
            throw;
        }
    }

    string ReserveName(string? requested, string id)
    {
        if (requested is not null)
        {
            var name = requested.TrimStart('/');
            if (!NameRegistry.IsValid(name))
                throw BerthException.Invalid($"Invalid container name ({requested}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
            _store.Names.Reserve(name, id);
            return name;
        }
        for (var attempt = 0; ; attempt++)
        {
            var name = NameGenerator.Next(attempt);
            try
            {
                _store.Names.Reserve(name, id);
                return name;
            }
            catch (BerthException e) when (e.Kind == ErrorKind.Conflict && attempt < 20) { }
        }
    }

    /// <summary>The bridge network the container joins (null for host, none, container:), refused if unknown.</summary>
    Networks.NetworkRecord? ResolveNetwork(CreateRequest request)
    {
        var mode = request.Host.NetworkMode;
        if (mode is "host" or "none" || mode.StartsWith("container:", StringComparison.Ordinal))
        {
            if (request.NetworkAliases.Count > 0 || request.IpAddress is not null)
                throw BerthException.Invalid("network-scoped aliases and --ip are supported only for containers on user-defined networks");
            return null;
        }
        var network = new Networks.NetworkStore(paths).TryGet(mode == "default" ? Networks.NetworkStore.DefaultBridgeName : mode)
                      ?? throw BerthException.NotFound($"network {mode} not found: create it with 'berth network create {mode}'");
        if (network.Driver != "bridge") throw BerthException.Invalid($"network {mode} cannot be joined this way: use --network {network.Name}");
        if (!network.HasDns && request.NetworkAliases.Count > 0)
            throw BerthException.Invalid("network-scoped alias is supported only for containers in user defined networks");
        if (request.IpAddress is { } ip && !network.ParsedSubnet.Contains(Network.Ipv4.Parse(ip, "--ip")))
            throw BerthException.Invalid($"--ip {ip} is not in the subnet {network.Subnet} of network {network.Name}");
        return network;
    }

    ContainerRecord CreateReserved(CreateRequest request, Image image, string id, string name)
    {
        var imageConfig = image.Config.Config ?? new RunConfig();
        var config = ConfigMerge.Merge(request, imageConfig, id);
        var command = (config.Entrypoint ?? []).Concat(config.Cmd ?? []).ToList();
        if (command.Count == 0) throw BerthException.Invalid("No command specified: give one after the image name, or use an image with a CMD or ENTRYPOINT");
        Directory.CreateDirectory(paths.UpperDir(id));
        Directory.CreateDirectory(paths.WorkDir(id));
        var mounts = new MountRequests(_volumes).Resolve(request, imageConfig.Volumes?.Keys ?? Enumerable.Empty<string>());
        var host = request.Host;
        var network = ResolveNetwork(request);
        var record = new ContainerRecord
        {
            Id = id,
            Created = DateTimeOffset.UtcNow,
            Path = command[0],
            Args = command.Skip(1).ToList(),
            Image = image.Id.Value,
            Name = "/" + name,
            ResolvConfPath = paths.ResolvConfPath(id),
            HostnamePath = paths.HostnamePath(id),
            HostsPath = paths.HostsPath(id),
            LogPath = paths.LogPath(id),
            HostConfig = host with
            {
                Binds = request.Volumes.Count > 0 ? [.. request.Volumes] : null,
                Tmpfs = request.Tmpfs.Count > 0 ? request.Tmpfs.ToDictionary(t => t.Split(':')[0], t => t.Contains(':') ? t[(t.IndexOf(':') + 1)..] : "") : null,
            },
            Mounts = mounts,
            Config = config,
            GraphDriver = new GraphDriverData
            {
                Data = new()
                {
                    ["LowerDir"] = string.Join(':', image.DiffIds.Reverse().Select(images.Layers.DiffPath)),
                    ["UpperDir"] = paths.UpperDir(id),
                    ["WorkDir"] = paths.WorkDir(id),
                    ["MergedDir"] = paths.Rootfs(id),
                },
            },
            NetworkSettings = NetworkFiles.Settings(host.NetworkMode, network?.Id ?? "", request.NetworkAliases, request.IpAddress),
            Berth = new BerthData { LayerDiffIds = image.Config.RootFs.DiffIds },
        };
        NetworkFiles.Write(paths, record, embeddedDns: network?.HasDns == true);
        _store.Write(record);
        return record;
    }
}
