using Berth.Engine.Containers;
using Berth.Engine.Volumes;
using Berth.Sys.Errors;

namespace Berth.Engine.Lifecycle;

/// <summary>Resolves -v, --mount, --tmpfs and the image's VOLUMEs into the container's mounts, as docker does.</summary>
public sealed class MountRequests(VolumeStore volumes)
{
    /// <summary>Volumes the mounts name, made only once every request has passed its checks.</summary>
    readonly List<(string Name, bool Anonymous)> _planned = [];

    public List<MountPoint> Resolve(CreateRequest request, IEnumerable<string> imageVolumes)
    {
        var mounts = new List<MountPoint>();
        foreach (var value in request.Volumes) Add(mounts, ParseVolumeFlag(value));
        foreach (var value in request.MountFlags) Add(mounts, ParseMountFlag(value));
        foreach (var value in request.Tmpfs) Add(mounts, ParseTmpfsFlag(value));
        foreach (var path in imageVolumes)
            if (!mounts.Any(m => SamePath(m.Destination, path)))
                mounts.Add(Volume(PlanVolume(null), path, readOnly: false, noCopy: false));
        // Only now: a request refused halfway (a missing bind source after a named volume) leaves no volume behind.
        foreach (var (name, anonymous) in _planned) volumes.Create(name, anonymous: anonymous);
        return mounts;
    }

    /// <summary>Names the volume a mount will use (a fresh random one when anonymous), checked but not yet created.</summary>
    string PlanVolume(string? name)
    {
        var anonymous = name is null;
        name ??= Sys.Interop.SecureRandom.Hex64();
        VolumeStore.Validate(name);
        _planned.Add((name, anonymous));
        return name;
    }

    static void Add(List<MountPoint> mounts, MountPoint mount)
    {
        if (!mount.Destination.StartsWith('/'))
            throw BerthException.Invalid($"invalid mount config: mount path must be absolute: \"{mount.Destination}\"");
        if (mount.Destination == "/") throw BerthException.Invalid("invalid mount config: destination can't be '/'");
        if (mounts.Any(m => SamePath(m.Destination, mount.Destination)))
            throw BerthException.Invalid($"Duplicate mount point: {mount.Destination}");
        mounts.Add(mount);
    }

    static bool SamePath(string a, string b) => a.TrimEnd('/') == b.TrimEnd('/');

    /// <summary>-v: a host path creates a bind (docker creates a missing host directory); a name makes a named volume.</summary>
    MountPoint ParseVolumeFlag(string value)
    {
        var parts = value.Split(':');
        switch (parts.Length)
        {
            case 1:
                return Volume(PlanVolume(null), parts[0], false, false);
            case 2 or 3:
                var (source, target) = (parts[0], parts[1]);
                var options = parts.Length == 3 ? parts[2].Split(',') : [];
                var readOnly = options.Contains("ro");
                foreach (var option in options)
                    if (option is not ("ro" or "rw" or "z" or "Z" or "nocopy" or "private" or "rprivate" or "shared" or "rshared" or "slave" or "rslave" or "consistent" or "cached" or "delegated"))
                        throw BerthException.Invalid($"invalid mode: {option} in volume specification \"{value}\"");
                if (source.StartsWith('/'))
                {
                    Directory.CreateDirectory(source);
                    return Bind(source, target, readOnly, options.FirstOrDefault(o => o.Contains("private") || o.Contains("shared") || o.Contains("slave")));
                }
                if (source.StartsWith('.') || source.Length == 0)
                    throw BerthException.Invalid($"invalid volume specification \"{value}\": a bind source must be an absolute path");
                return Volume(PlanVolume(source), target, readOnly, options.Contains("nocopy"));
            default:
                throw BerthException.Invalid($"invalid volume specification: \"{value}\"");
        }
    }

    /// <summary>--mount: the bind source must exist, as docker insists.</summary>
    MountPoint ParseMountFlag(string value)
    {
        var fields = new Dictionary<string, string>();
        foreach (var field in value.Split(','))
        {
            var eq = field.IndexOf('=');
            var key = (eq < 0 ? field : field[..eq]).Trim().ToLowerInvariant();
            fields[key] = eq < 0 ? "true" : field[(eq + 1)..];
        }
        var type = fields.GetValueOrDefault("type", "volume");
        var target = fields.GetValueOrDefault("target") ?? fields.GetValueOrDefault("destination") ?? fields.GetValueOrDefault("dst")
                     ?? throw BerthException.Invalid($"invalid argument \"{value}\" for \"--mount\" flag: target is required");
        var source = fields.GetValueOrDefault("source") ?? fields.GetValueOrDefault("src");
        var readOnly = fields.TryGetValue("readonly", out var ro) && ro is "true" or "1" || fields.TryGetValue("ro", out var ro2) && ro2 is "true" or "1";
        switch (type)
        {
            case "bind":
                if (string.IsNullOrEmpty(source)) throw BerthException.Invalid($"invalid argument \"{value}\" for \"--mount\" flag: source is required for a bind mount");
                if (!Path.Exists(source)) throw BerthException.Invalid($"invalid mount config for type \"bind\": bind source path does not exist: {source}");
                return Bind(Path.GetFullPath(source), target, readOnly, fields.GetValueOrDefault("bind-propagation"));
            case "volume":
                return Volume(PlanVolume(string.IsNullOrEmpty(source) ? null : source), target, readOnly, fields.ContainsKey("volume-nocopy"));
            case "tmpfs":
                if (!string.IsNullOrEmpty(source)) throw BerthException.Invalid("invalid mount config for type \"tmpfs\": source must not be set");
                var options = new List<string>();
                if (fields.TryGetValue("tmpfs-size", out var size)) options.Add($"size={Logs.Sizes.Parse(size, "tmpfs-size")}");
                options.Add($"mode={(fields.TryGetValue("tmpfs-mode", out var mode) ? mode : "1777")}");
                if (readOnly) options.Add("ro");
                return Tmpfs(target, string.Join(',', options));
            default:
                throw BerthException.Invalid($"invalid mount type \"{type}\": use bind, volume or tmpfs");
        }
    }

    static MountPoint ParseTmpfsFlag(string value)
    {
        var colon = value.IndexOf(':');
        var target = colon < 0 ? value : value[..colon];
        var options = colon < 0 ? "noexec,size=65536k" : value[(colon + 1)..];
        return Tmpfs(target, options);
    }

    static MountPoint Bind(string source, string target, bool readOnly, string? propagation) => new()
    {
        Type = "bind", Source = source, Destination = target, RW = !readOnly, Mode = readOnly ? "ro" : "",
        Propagation = propagation ?? "rprivate",
    };

    MountPoint Volume(string name, string target, bool readOnly, bool noCopy) => new()
    {
        Type = "volume", Name = name, Source = volumes.DataPath(name), Destination = target, Driver = "local",
        RW = !readOnly, Mode = noCopy ? "nocopy" : "z",
    };

    static MountPoint Tmpfs(string target, string options) => new() { Type = "tmpfs", Destination = target, RW = !options.Split(',').Contains("ro"), Mode = options };
}
