using Berth.Engine.Containers;
using Berth.Engine.Volumes;
using Berth.Images.Content;
using Berth.Images.Snapshots;
using Berth.Runtime.Spec;
using Berth.Seccomp;
using Berth.Sys.Errors;

namespace Berth.Engine.Specs;

/// <summary>The OCI spec for one start of a container, and its compiled seccomp program (null: unconfined).</summary>
public sealed record ContainerBundle(OciSpec Spec, string? SeccompProgram);

/// <summary>Turns a container record into the OCI spec docker would have given runc.</summary>
public sealed class SpecBuilder(BerthPaths paths, LayerStore layers, VolumeStore volumes, SeccompPrograms seccompPrograms)
{
    public ContainerBundle Build(ContainerRecord record)
    {
        var host = record.HostConfig;
        var config = record.Config;
        var diffIds = record.Berth.LayerDiffIds.Select(Digest.Parse).ToList();
        var files = new LayeredFiles([paths.UpperDir(record.Id), .. diffIds.AsEnumerable().Reverse().Select(layers.DiffPath)]);
        var user = UserResolver.Resolve(config.User, files);
        user = user with { AdditionalGids = [.. user.AdditionalGids.Union(UserResolver.ExtraGroups(host.GroupAdd, files))] };
        var caps = CapabilitySet.Compute(host.CapAdd, host.CapDrop, host.Privileged);
        var securityOptions = SecurityOptions.Parse(host.SecurityOpt);
        var process = new OciProcess
        {
            Terminal = config.Tty,
            User = new OciUser { Uid = user.Uid, Gid = user.Gid, AdditionalGids = user.AdditionalGids },
            Args = [record.Path, .. record.Args],
            Env = Environment(config, user),
            Cwd = string.IsNullOrEmpty(config.WorkingDir) ? "/" : config.WorkingDir,
            Capabilities = new OciCapabilities { Bounding = caps, Effective = caps, Permitted = caps },
            Rlimits = host.Ulimits?.Select(u => new OciRlimit("RLIMIT_" + u.Name.ToUpperInvariant(), (ulong)u.Hard, (ulong)u.Soft)).ToList(),
            NoNewPrivileges = securityOptions.NoNewPrivileges,
        };
        var spec = new OciSpec
        {
            Process = process,
            Root = new OciRoot { Path = paths.Rootfs(record.Id), Readonly = host.ReadonlyRootfs },
            Hostname = config.Hostname,
            Domainname = string.IsNullOrEmpty(config.Domainname) ? null : config.Domainname,
            Mounts = Mounts(record),
            Linux = new OciLinux
            {
                Namespaces = Namespaces(host),
                Resources = Resources(host),
                CgroupsPath = paths.CgroupPath(record.Id),
                Devices = host.Privileged ? HostDevices.List() : null,
                MaskedPaths = host.Privileged ? null : [.. DockerDefaults.MaskedPaths],
                ReadonlyPaths = host.Privileged ? null : [.. DockerDefaults.ReadonlyPaths],
            },
            Annotations = Annotations(record, diffIds),
        };
        string? seccomp = null;
        if (!host.Privileged && !securityOptions.SeccompUnconfined)
            seccomp = securityOptions.SeccompProfile is { } json ? CustomProgram(json, caps) : seccompPrograms.DefaultProgram(caps);
        return new ContainerBundle(spec, seccomp);
    }

    /// <summary>A profile that resolves to nothing (e.g. "{}") means unconfined, as dockerd reads it.</summary>
    string? CustomProgram(string json, List<string> caps) =>
        DockerProfile.Parse(json).Resolve(caps.ToHashSet(), SeccompArchitectures.Host) is { } profile ? seccompPrograms.CustomProgram(profile) : null;

    static List<string> Environment(ContainerConfig config, ResolvedUser user)
    {
        var env = new List<string>(config.Env ?? []);
        if (!env.Any(e => e.StartsWith("PATH=", StringComparison.Ordinal))) env.Insert(0, DockerDefaults.DefaultPath);
        env.Insert(1, $"HOSTNAME={config.Hostname}");
        if (config.Tty && !env.Any(e => e.StartsWith("TERM=", StringComparison.Ordinal))) env.Add("TERM=xterm");
        if (!env.Any(e => e.StartsWith("HOME=", StringComparison.Ordinal))) env.Add($"HOME={user.Home}");
        return env;
    }

    /// <summary>
    /// The clone flags a container with this host config will be started with, known before its spec
    /// is built: a hint for a prespawned init (--network container:X joins a namespace instead).
    /// </summary>
    public static ulong CloneFlagsFor(HostConfig host) => Runtime.Launch.ContainerLauncher.CloneFlags(new OciSpec
    {
        Linux = new OciLinux
        {
            Namespaces = Namespaces(host).Where(n => n.Type != "network" || !host.NetworkMode.StartsWith("container:", StringComparison.Ordinal)).ToList(),
        },
    });

    static List<OciNamespace> Namespaces(HostConfig host)
    {
        var list = new List<OciNamespace> { new("pid"), new("ipc"), new("uts"), new("mount"), new("cgroup") };
        if (host.NetworkMode != "host") list.Add(new OciNamespace("network"));
        return list;
    }

    static OciResources Resources(HostConfig host)
    {
        OciMemory? memory = null;
        if (host.Memory > 0)
        {
            // docker: no --memory-swap means swap may equal memory, i.e. memory+swap is twice the memory.
            var swap = host.MemorySwap switch { 0 => host.Memory * 2, -1 => -1, var s => s };
            memory = new OciMemory { Limit = host.Memory, Swap = swap };
        }
        OciCpu? cpu = null;
        if (host.NanoCpus > 0 || host.CpuShares > 0 || host.CpuQuota > 0)
        {
            var period = host.CpuPeriod > 0 ? (ulong)host.CpuPeriod : 100_000UL;
            long? quota = host.NanoCpus > 0 ? host.NanoCpus * (long)period / 1_000_000_000 : host.CpuQuota > 0 ? host.CpuQuota : null;
            cpu = new OciCpu { Shares = host.CpuShares > 0 ? (ulong)host.CpuShares : null, Quota = quota, Period = quota is null ? null : period };
        }
        return new OciResources
        {
            Memory = memory,
            Cpu = cpu,
            Pids = host.PidsLimit is > 0 ? new OciPids(host.PidsLimit.Value) : null,
            Devices = host.Privileged ? [new OciDeviceRule { Allow = true, Access = "rwm" }] : DockerDefaults.DeviceRules(),
        };
    }

    List<OciMount> Mounts(ContainerRecord record)
    {
        var mounts = DockerDefaults.SystemMounts(record.HostConfig.ShmSize, record.HostConfig.Privileged);
        mounts.Add(Bind(record.ResolvConfPath, "/etc/resolv.conf", readOnly: false));
        mounts.Add(Bind(record.HostnamePath, "/etc/hostname", readOnly: false));
        mounts.Add(Bind(record.HostsPath, "/etc/hosts", readOnly: false));
        var user = new List<OciMount>();
        foreach (var mount in record.Mounts)
        {
            if (mount.Type == "tmpfs")
            {
                var options = new List<string> { "nosuid", "nodev" };
                options.AddRange(mount.Mode.Split(',', StringSplitOptions.RemoveEmptyEntries));
                user.Add(new OciMount { Destination = mount.Destination, Type = "tmpfs", Source = "tmpfs", Options = options });
                continue;
            }
            var source = mount.Type == "volume" ? volumes.DataPath(mount.Name!) : mount.Source;
            var bind = Bind(source, mount.Destination, !mount.RW);
            if (mount.Type == "volume" && mount.Mode != "nocopy") bind = bind with { Options = [.. bind.Options!, Runtime.Init.MountOptions.CopyUp] };
            if (!string.IsNullOrEmpty(mount.Propagation)) bind = bind with { Options = [.. bind.Options!, mount.Propagation] };
            user.Add(bind);
        }
        // Parents before children, as docker sorts them: /data before /data/cache.
        mounts.AddRange(user.OrderBy(m => m.Destination.TrimEnd('/').Count(c => c == '/')));
        return mounts;
    }

    static OciMount Bind(string source, string destination, bool readOnly) => new()
    {
        Destination = destination,
        Type = "bind",
        Source = source,
        Options = readOnly ? ["rbind", "rprivate", "ro"] : ["rbind", "rprivate"],
    };

    Dictionary<string, string> Annotations(ContainerRecord record, List<Digest> diffIds)
    {
        var lower = diffIds.Count == 0 ? EmptyLower() : layers.LowerDirs(diffIds);
        var annotations = new Dictionary<string, string>
        {
            [Runtime.Spec.Annotations.RootfsOverlay] = Runtime.Spec.OverlayOptions.For(lower, paths.UpperDir(record.Id), paths.WorkDir(record.Id), disposableUpper: record.HostConfig.AutoRemove),
            [Runtime.Spec.Annotations.RootfsOverlayBase] = layers.OverlayBase,
        };
        if (record.HostConfig.Init == true) annotations[Runtime.Spec.Annotations.Init] = "true";
        return annotations;
    }

    /// <summary>overlay needs at least one lowerdir; an image without layers gets an empty one.</summary>
    string EmptyLower()
    {
        var empty = Path.Combine(layers.OverlayBase, "empty");
        Directory.CreateDirectory(empty);
        return "empty";
    }
}
