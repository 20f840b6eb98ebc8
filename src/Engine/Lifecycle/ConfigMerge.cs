using Berth.Engine.Containers;
using Berth.Images.Oci;

namespace Berth.Engine.Lifecycle;

/// <summary>docker's merge of the image's run config under the user's: user wins, lists merge by key.</summary>
static class ConfigMerge
{
    public static ContainerConfig Merge(CreateRequest request, RunConfig image, string id)
    {
        var user = request.Config;
        List<string>? entrypoint, cmd;
        if (request.EntrypointSet)
        {
            // An explicit entrypoint drops the image's CMD too; an empty one clears the entrypoint.
            entrypoint = user.Entrypoint is { Count: > 0 } e && !(e.Count == 1 && e[0] == "") ? e : null;
            cmd = user.Cmd is { Count: > 0 } ? user.Cmd : null;
        }
        else
        {
            entrypoint = image.Entrypoint;
            cmd = user.Cmd is { Count: > 0 } ? user.Cmd : image.Cmd;
        }
        var env = Images.Import.ConfigChanges.MergeEnv(image.Env, (user.Env ?? []).Select(Split));
        var labels = new Dictionary<string, string>(image.Labels ?? []);
        foreach (var (key, value) in user.Labels) labels[key] = value;
        var exposed = new Dictionary<string, EmptyObject>(image.ExposedPorts ?? []);
        foreach (var port in user.ExposedPorts?.Keys ?? Enumerable.Empty<string>()) exposed[port] = new EmptyObject();
        return user with
        {
            Hostname = string.IsNullOrEmpty(user.Hostname) ? DefaultHostname(request.Host.NetworkMode, id) : user.Hostname,
            User = string.IsNullOrEmpty(user.User) ? image.User ?? "" : user.User,
            Env = env,
            Cmd = cmd,
            Entrypoint = entrypoint,
            WorkingDir = string.IsNullOrEmpty(user.WorkingDir) ? image.WorkingDir ?? "" : user.WorkingDir,
            Labels = labels,
            ExposedPorts = exposed.Count > 0 ? exposed : null,
            Volumes = image.Volumes,
            StopSignal = user.StopSignal ?? image.StopSignal,
            Healthcheck = MergeHealth(user.Healthcheck, image.Healthcheck),
            OnBuild = image.OnBuild,
            Image = request.Image,
        };
    }

    /// <summary>
    /// docker names a container after its short ID, except on the host's network, where it takes the
    /// host's name (in full, as the kernel has it: .NET's MachineName stops at the first dot).
    /// </summary>
    static string DefaultHostname(string networkMode, string id)
    {
        if (networkMode != "host") return id[..12];
        try { return File.ReadAllText("/proc/sys/kernel/hostname").Trim(); }
        catch (IOException) { return Environment.MachineName; }
    }

    static KeyValuePair<string, string> Split(string entry)
    {
        var eq = entry.IndexOf('=');
        return eq < 0 ? new(entry, Environment.GetEnvironmentVariable(entry) ?? "") : new(entry[..eq], entry[(eq + 1)..]);
    }

    /// <summary>--health-* flags override the image's HEALTHCHECK field by field; --no-healthcheck disables it.</summary>
    static HealthConfig? MergeHealth(HealthConfig? user, HealthConfig? image)
    {
        if (user is null) return image;
        if (user.Test is ["NONE"]) return user;
        return new HealthConfig
        {
            Test = user.Test ?? image?.Test,
            Interval = user.Interval ?? image?.Interval,
            Timeout = user.Timeout ?? image?.Timeout,
            StartPeriod = user.StartPeriod ?? image?.StartPeriod,
            StartInterval = user.StartInterval ?? image?.StartInterval,
            Retries = user.Retries ?? image?.Retries,
        };
    }
}
