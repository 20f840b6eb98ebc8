using System.Globalization;
using Berth.Cli.Parsing;
using Berth.Engine.Containers;
using Berth.Engine.Lifecycle;
using Berth.Engine.Logs;
using Berth.Images.Import;
using Berth.Images.Oci;
using Berth.Runtime.Security;
using Berth.Sys.Errors;

namespace Berth.Cli.Commands;

/// <summary>Turns `run`/`create` flags into an engine request, with docker's validation and messages.</summary>
static class RunOptions
{
    public static CreateRequest ToRequest(ParsedArgs args)
    {
        var image = args.Arguments[0];
        var command = args.Arguments.Skip(1).ToList();
        var network = args.Value("net") ?? args.Value("network") ?? "default";
        var publish = args.List("publish").Select(Berth.Network.Ports.PortSpecParser.Parse).ToList();
        if ((publish.Count > 0 || args.Bool("publish-all")) && (network is "host" or "none" || network.StartsWith("container:")))
            throw BerthException.Invalid($"published ports need a bridge network: --network {network} has none (on host, the container's ports are the host's)");
        if (args.Value("log-driver") is { } driver && driver is not ("json-file" or "local"))
            throw BerthException.Invalid($"logging driver \"{driver}\" is not supported: berth writes json-file logs");
        var config = new ContainerConfig
        {
            Hostname = args.Value("hostname") ?? "",
            Domainname = args.Value("domainname") ?? "",
            User = args.Value("user") ?? "",
            Tty = args.Bool("tty"),
            OpenStdin = args.Bool("interactive"),
            StdinOnce = args.Bool("interactive") && !args.Bool("detach"),
            AttachStdin = args.Bool("interactive") && !args.Bool("detach"),
            AttachStdout = !args.Bool("detach"),
            AttachStderr = !args.Bool("detach"),
            Env = [.. ReadKeyValueFiles(args.List("env-file")), .. args.List("env")],
            Cmd = command.Count > 0 ? command : null,
            Entrypoint = args.Value("entrypoint") is { } e ? [e] : null,
            WorkingDir = args.Value("workdir") ?? "",
            Labels = Labels(args),
            ExposedPorts = Exposed(args),
            StopSignal = args.Value("stop-signal") is { } s ? ValidSignal(s) : null,
            StopTimeout = args.Int("stop-timeout"),
            Healthcheck = Health(args),
        };
        if (config.WorkingDir.Length > 0 && !config.WorkingDir.StartsWith('/'))
            throw BerthException.Invalid($"the working directory '{config.WorkingDir}' is invalid, it needs to be an absolute path");
        var host = new HostConfig
        {
            NetworkMode = network == "bridge" ? "default" : network,
            PortBindings = publish.Count > 0 ? PortBindings(publish) : null,
            PublishAllPorts = args.Bool("publish-all"),
            AutoRemove = args.Bool("rm"),
            Privileged = args.Bool("privileged"),
            ReadonlyRootfs = args.Bool("read-only"),
            CapAdd = Caps(args.List("cap-add")),
            CapDrop = Caps(args.List("cap-drop")),
            SecurityOpt = SecurityOpts(args.List("security-opt")),
            Dns = args.List("dns").Count > 0 ? [.. args.List("dns")] : null,
            DnsSearch = args.List("dns-search").Count > 0 ? [.. args.List("dns-search")] : null,
            ExtraHosts = args.List("add-host").Count > 0 ? args.List("add-host").Select(ValidHost).ToList() : null,
            GroupAdd = args.List("group-add").Count > 0 ? [.. args.List("group-add")] : null,
            Memory = Size(args, "memory", minimum: 6 << 20),
            MemorySwap = args.Value("memory-swap") is "-1" ? -1 : Size(args, "memory-swap"),
            NanoCpus = Cpus(args.Value("cpus")),
            CpuShares = args.Int("cpu-shares") ?? 0,
            CpuQuota = args.Int("cpu-quota") ?? 0,
            CpuPeriod = args.Int("cpu-period") ?? 0,
            PidsLimit = args.Int("pids-limit"),
            ShmSize = args.Has("shm-size") ? Size(args, "shm-size") : 64 << 20,
            Ulimits = args.List("ulimit").Count > 0 ? args.List("ulimit").Select(ParseUlimit).ToList() : null,
            RestartPolicy = Restart(args.Value("restart") ?? "no"),
            LogConfig = new LogConfig { Config = KeyValues(args.List("log-opt"), "log-opt") },
            Init = args.Bool("init") ? true : null,
        };
        if (host.AutoRemove && host.RestartPolicy.Name is not ("no" or ""))
            throw BerthException.Invalid("conflicting options: cannot specify both --restart and --rm");
        if (host.MemorySwap > 0 && host.Memory > 0 && host.MemorySwap < host.Memory)
            throw BerthException.Invalid("Minimum memoryswap limit should be larger than memory limit, see usage");
        if (host.MemorySwap > 0 && host.Memory == 0)
            throw BerthException.Invalid("You should always set the Memory limit when using Memoryswap limit, see usage");
        return new CreateRequest
        {
            Name = args.Value("name"),
            Image = image,
            Config = config,
            Host = host,
            EntrypointSet = args.Has("entrypoint"),
            Volumes = [.. args.List("volume")],
            MountFlags = [.. args.List("mount")],
            Tmpfs = [.. args.List("tmpfs")],
            NetworkAliases = [.. args.List("network-alias")],
            IpAddress = args.Value("ip"),
        };
    }

    /// <summary>--expose ports, and every port -p publishes (docker exposes those too).</summary>
    static Dictionary<string, EmptyObject>? Exposed(ParsedArgs args)
    {
        var ports = args.List("expose").SelectMany(ExpandPorts).ToList();
        foreach (var m in args.List("publish").Select(Berth.Network.Ports.PortSpecParser.Parse))
            for (var port = m.ContainerFirst; port <= m.ContainerLast; port++) ports.Add($"{port}/{m.Protocol}");
        return ports.Count > 0 ? ports.Distinct().ToDictionary(p => p, _ => new EmptyObject()) : null;
    }

    /// <summary>docker's shape: one binding per container port ("8000-8002:8000-8002" is three), a host range kept for a single port.</summary>
    static Dictionary<string, List<PortBinding>> PortBindings(List<Berth.Network.Ports.PortMapping> mappings)
    {
        var bindings = new Dictionary<string, List<PortBinding>>();
        foreach (var m in mappings)
            for (var i = 0; i < m.Count; i++)
            {
                var hostPort = m.HostFirst == 0 ? "" : m.Count == 1 && m.HostLast > m.HostFirst ? $"{m.HostFirst}-{m.HostLast}" : (m.HostFirst + i).ToString();
                var key = $"{m.ContainerFirst + i}/{m.Protocol}";
                if (!bindings.TryGetValue(key, out var list)) bindings[key] = list = [];
                list.Add(new PortBinding(m.HostIp, hostPort));
            }
        return bindings;
    }

    static long Size(ParsedArgs args, string flag, long minimum = 0)
    {
        if (args.Value(flag) is not { } text) return 0;
        long bytes;
        try { bytes = Sizes.Parse(text, flag); }
        catch (BerthException) { throw new UsageException($"invalid argument \"{text}\" for \"{args.Label(flag)}\" flag: invalid size: '{text}'"); }
        if (minimum > 0 && bytes > 0 && bytes < minimum) throw BerthException.Invalid($"Minimum {flag} limit allowed is {minimum >> 20}MB");
        return bytes;
    }

    static long Cpus(string? text)
    {
        if (text is null) return 0;
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var cpus) || cpus < 0)
            throw new UsageException($"invalid argument \"{text}\" for \"--cpus\" flag: failed to parse {text} as a rational number");
        if (cpus > Environment.ProcessorCount)
            throw BerthException.Invalid($"range of CPUs is from 0.01 to {Environment.ProcessorCount}.00, as there are only {Environment.ProcessorCount} CPUs available");
        return (long)(cpus * 1_000_000_000m);
    }

    static List<string>? Caps(IReadOnlyList<string> caps) =>
        caps.Count == 0 ? null : caps.SelectMany(c => c.Split(',')).Select(Capabilities.Normalize).ToList();

    /// <summary>docker reads a seccomp profile on the client and stores its JSON in the container's options.</summary>
    static List<string>? SecurityOpts(IReadOnlyList<string> options)
    {
        if (options.Count == 0) return null;
        return options.Select(option =>
        {
            var rest = option.StartsWith("seccomp=") || option.StartsWith("seccomp:") ? option[8..] : null;
            if (rest is null || rest == "unconfined" || rest.TrimStart().StartsWith('{')) return option;
            try { return "seccomp=" + File.ReadAllText(rest); }
            catch (IOException e) { throw BerthException.Invalid($"opening seccomp profile ({rest}) failed: {e.Message}"); }
        }).ToList();
    }

    static string ValidSignal(string signal)
    {
        Signals.Parse(signal);
        return signal;
    }

    static string ValidHost(string entry)
    {
        var colon = entry.IndexOf(':');
        if (colon <= 0 || colon == entry.Length - 1) throw BerthException.Invalid($"invalid argument \"{entry}\" for \"--add-host\" flag: bad format for add-host: \"{entry}\"");
        return entry;
    }

    static IEnumerable<string> ExpandPorts(string spec)
    {
        var slash = spec.IndexOf('/');
        var proto = slash < 0 ? "tcp" : spec[(slash + 1)..];
        var range = slash < 0 ? spec : spec[..slash];
        var dash = range.IndexOf('-');
        if (!int.TryParse(dash < 0 ? range : range[..dash], out var first) || (dash >= 0 && !int.TryParse(range[(dash + 1)..], out _)))
            throw BerthException.Invalid($"invalid range format for --expose: {spec}");
        var last = dash < 0 ? first : int.Parse(range[(dash + 1)..]);
        for (var port = first; port <= last; port++) yield return $"{port}/{proto}";
    }

    static Dictionary<string, string> Labels(ParsedArgs args) =>
        KeyValues([.. ReadKeyValueFiles(args.List("label-file")), .. args.List("label")], "label", emptyValueAllowed: true);

    public static Dictionary<string, string> KeyValues(IEnumerable<string> items, string flag, bool emptyValueAllowed = false)
    {
        var result = new Dictionary<string, string>();
        foreach (var item in items)
        {
            var eq = item.IndexOf('=');
            if (eq < 0 && !emptyValueAllowed) throw BerthException.Invalid($"invalid {flag} \"{item}\": want KEY=VALUE");
            result[eq < 0 ? item : item[..eq]] = eq < 0 ? "" : item[(eq + 1)..];
        }
        return result;
    }

    static IEnumerable<string> ReadKeyValueFiles(IEnumerable<string> files)
    {
        foreach (var file in files)
        {
            string[] lines;
            try { lines = File.ReadAllLines(file); }
            catch (IOException e) { throw BerthException.NotFound($"open {file}: {e.Message}"); }
            foreach (var line in lines)
            {
                var trimmed = line.TrimStart();
                if (trimmed.Length == 0 || trimmed.StartsWith('#')) continue;
                yield return trimmed;
            }
        }
    }

    static Ulimit ParseUlimit(string text)
    {
        var eq = text.IndexOf('=');
        if (eq <= 0) throw BerthException.Invalid($"invalid ulimit argument: {text}");
        var name = text[..eq];
        Runtime.Init.RlimitNames.Validate(name);
        var values = text[(eq + 1)..].Split(':');
        if (!long.TryParse(values[0], out var soft) || (values.Length > 1 && !long.TryParse(values[1], out _)))
            throw BerthException.Invalid($"invalid ulimit argument: {text}");
        var hard = values.Length > 1 ? long.Parse(values[1]) : soft;
        if (soft > hard) throw BerthException.Invalid($"ulimit soft limit must be less than or equal to hard limit: {soft} > {hard}");
        return new Ulimit(name, soft, hard);
    }

    public static RestartPolicy Restart(string text)
    {
        var colon = text.IndexOf(':');
        var name = colon < 0 ? text : text[..colon];
        if (name is not ("no" or "always" or "unless-stopped" or "on-failure"))
            throw BerthException.Invalid($"invalid restart policy '{text}': use no, always, unless-stopped or on-failure[:max-retries]");
        var count = 0;
        if (colon >= 0)
        {
            if (name != "on-failure") throw BerthException.Invalid($"maximum retry count cannot be used with restart policy '{name}'");
            if (!int.TryParse(text[(colon + 1)..], out count) || count < 0) throw BerthException.Invalid($"invalid restart policy '{text}': bad retry count");
        }
        return new RestartPolicy { Name = name, MaximumRetryCount = count };
    }

    static HealthConfig? Health(ParsedArgs args)
    {
        if (args.Bool("no-healthcheck"))
        {
            if (args.Has("health-cmd")) throw BerthException.Invalid("--no-healthcheck conflicts with --health-* options");
            return new HealthConfig { Test = ["NONE"] };
        }
        if (!new[] { "health-cmd", "health-interval", "health-timeout", "health-retries", "health-start-period", "health-start-interval" }.Any(args.Has))
            return null;
        var retries = args.Int("health-retries");
        if (retries < 0) throw BerthException.Invalid("--health-retries cannot be negative");
        return new HealthConfig
        {
            Test = args.Value("health-cmd") is { } cmd ? ["CMD-SHELL", cmd] : null,
            Interval = Durations.Nanoseconds(args.Value("health-interval"), "health-interval"),
            Timeout = Durations.Nanoseconds(args.Value("health-timeout"), "health-timeout"),
            StartPeriod = Durations.Nanoseconds(args.Value("health-start-period"), "health-start-period"),
            StartInterval = Durations.Nanoseconds(args.Value("health-start-interval"), "health-start-interval"),
            Retries = retries,
        };
    }
}
