using Berth.Build.Dockerfile;
using Berth.Images.Oci;

namespace Berth.Build.Steps;

/// <summary>The instructions that change only the image config: no layer, an empty_layer history entry.</summary>
public sealed class MetadataSteps(BuildSession session, StageBuilder builder)
{
    BuildState State => builder.State;
    RunConfig Config { get => State.Config; set => State.Config = value; }

    public void Apply(InstructionNode node)
    {
        switch (node.Keyword)
        {
            case "ENV": Env(node); break;
            case "LABEL": Label(node); break;
            case "MAINTAINER": Maintainer(node); break;
            case "EXPOSE": Expose(node); break;
            case "USER": User(node); break;
            case "VOLUME": Volume(node); break;
            case "STOPSIGNAL": StopSignal(node); break;
            case "SHELL": Shell(node); break;
            case "CMD": Cmd(node); break;
            case "ENTRYPOINT": Entrypoint(node); break;
            case "HEALTHCHECK": Healthcheck(node); break;
            case "ARG": Arg(node); break;
            case "ONBUILD": OnBuild(node); break;
            default: throw StepFailure.At(node, $"unknown instruction: {node.Keyword}");
        }
    }

    string Word(string raw) => session.Lex.ProcessWord(raw, builder.Vars);
    List<string> Words(string raw) => session.Lex.ProcessWords(raw, builder.Vars);

    void NoFlags(InstructionNode node) => _ = new InstructionFlags(node);

    void Env(InstructionNode node)
    {
        NoFlags(node);
        var pairs = KeyValueArgs.Parse(node, session.Escape, allowLegacy: true, allowBare: false)
            .Select(p => (Key: Word(p.Key), Value: Word(p.RawValue!))).ToList();
        foreach (var (key, value) in pairs) State.SetEnv(key, value);
        builder.Record("ENV " + string.Join(' ', pairs.Select(p => $"{p.Key}={p.Value}")), emptyLayer: true);
    }

    void Label(InstructionNode node)
    {
        NoFlags(node);
        var pairs = KeyValueArgs.Parse(node, session.Escape, allowLegacy: true, allowBare: false)
            .Select(p => (Key: Word(p.Key), Value: Word(p.RawValue!))).ToList();
        var labels = new Dictionary<string, string>(Config.Labels ?? []);
        foreach (var (key, value) in pairs) labels[key] = value;
        Config = Config with { Labels = labels };
        builder.Record("LABEL " + string.Join(' ', pairs.Select(p => $"{p.Key}={p.Value}")), emptyLayer: true);
    }

    void Maintainer(InstructionNode node)
    {
        State.Author = Word(node.Arguments);
        builder.Record("MAINTAINER " + State.Author, emptyLayer: true);
    }

    void Expose(InstructionNode node)
    {
        NoFlags(node);
        var ports = new Dictionary<string, EmptyObject>(Config.ExposedPorts ?? []);
        var added = new List<string>();
        foreach (var word in Words(node.Arguments))
            foreach (var port in ExpandPort(node, word))
            {
                ports[port] = new EmptyObject();
                added.Add(port);
            }
        if (added.Count == 0) throw StepFailure.At(node, "EXPOSE requires at least one argument");
        Config = Config with { ExposedPorts = ports };
        builder.Record("EXPOSE " + GoMap(added), emptyLayer: true);
    }

    static string GoMap(IEnumerable<string> keys) => "map[" + string.Join(' ', keys.Distinct().Order(StringComparer.Ordinal).Select(k => k + ":{}")) + "]";

    static IEnumerable<string> ExpandPort(InstructionNode node, string word)
    {
        var slash = word.IndexOf('/');
        var protocol = slash < 0 ? "tcp" : word[(slash + 1)..].ToLowerInvariant();
        var range = slash < 0 ? word : word[..slash];
        if (protocol is not ("tcp" or "udp" or "sctp")) throw StepFailure.At(node, $"invalid proto: {protocol}", "use tcp, udp or sctp");
        var dash = range.IndexOf('-');
        if (!ushort.TryParse(dash < 0 ? range : range[..dash], out var first) || first == 0
            || !ushort.TryParse(dash < 0 ? range : range[(dash + 1)..], out var last) || last < first)
            throw StepFailure.At(node, $"invalid containerPort: {range}", "give a port number 1-65535 or a range like 8000-8010");
        for (var port = (int)first; port <= last; port++) yield return $"{port}/{protocol}";
    }

    void User(InstructionNode node)
    {
        NoFlags(node);
        var user = Word(node.Arguments.Trim());
        if (user.Length == 0) throw StepFailure.At(node, "USER requires exactly one argument");
        Config = Config with { User = user };
        builder.Record("USER " + user, emptyLayer: true);
    }

    void Volume(InstructionNode node)
    {
        NoFlags(node);
        var list = node.Json is { } json ? json.Select(Word).ToList() : Words(node.Arguments);
        if (list.Count == 0 || list.Any(v => v.Trim().Length == 0)) throw StepFailure.At(node, "VOLUME specified can not be an empty string");
        var volumes = new Dictionary<string, EmptyObject>(Config.Volumes ?? []);
        foreach (var volume in list) volumes[volume] = new EmptyObject();
        Config = Config with { Volumes = volumes };
        builder.Record("VOLUME " + GoFormat.Plain(list), emptyLayer: true);
    }

    void StopSignal(InstructionNode node)
    {
        NoFlags(node);
        var signal = Word(node.Arguments.Trim());
        if (signal.Length == 0) throw StepFailure.At(node, "STOPSIGNAL requires exactly one argument");
        Config = Config with { StopSignal = signal };
        builder.Record("STOPSIGNAL " + signal, emptyLayer: true);
    }

    void Shell(InstructionNode node)
    {
        NoFlags(node);
        if (node.Json is not { Count: > 0 } shell) throw StepFailure.At(node, "SHELL requires the arguments to be in JSON form", "write SHELL [\"/bin/bash\", \"-c\"]");
        Config = Config with { Shell = [.. shell] };
        builder.Record("SHELL " + GoFormat.Plain(shell), emptyLayer: true);
    }

    /// <summary>The exec form as written, or the shell form wrapped in the current SHELL.</summary>
    public List<string> CommandLine(InstructionNode node, string text) =>
        node.Json is { } json ? [.. json] : [.. Config.Shell ?? ["/bin/sh", "-c"], text];

    void Cmd(InstructionNode node)
    {
        NoFlags(node);
        var cmd = CommandLine(node, node.Arguments);
        Config = Config with { Cmd = cmd };
        State.CmdSet = true;
        builder.Record("CMD " + GoFormat.Quoted(cmd), emptyLayer: true);
    }

    void Entrypoint(InstructionNode node)
    {
        NoFlags(node);
        var entrypoint = node.Json is null && node.Arguments.Length == 0 ? [] : CommandLine(node, node.Arguments);
        // docker: an ENTRYPOINT set in this stage drops the CMD inherited from the base image.
        Config = Config with { Entrypoint = entrypoint, Cmd = State.CmdSet ? Config.Cmd : null };
        builder.Record("ENTRYPOINT " + GoFormat.Quoted(entrypoint), emptyLayer: true);
    }

    void Healthcheck(InstructionNode node)
    {
        var flags = new InstructionFlags(node, "interval", "timeout", "start-period", "start-interval", "retries");
        var words = node.Arguments.Split((char[])[' ', '\t'], 2, StringSplitOptions.RemoveEmptyEntries);
        var type = words.Length > 0 ? words[0].ToUpperInvariant() : "";
        HealthConfig health;
        if (type == "NONE")
        {
            if (words.Length > 1 || node.Flags.Count > 0) throw StepFailure.At(node, "HEALTHCHECK NONE takes no other arguments");
            health = new HealthConfig { Test = ["NONE"] };
        }
        else if (type == "CMD" && words.Length > 1)
        {
            var rest = words[1].Trim();
            var json = DockerfileParser.ParseLine("CMD " + rest, node.Line, session.Escape).Json;
            List<string> test = json is { } exec ? ["CMD", .. exec] : ["CMD-SHELL", rest];
            health = new HealthConfig
            {
                Test = test,
                Interval = Duration(node, flags, "interval"),
                Timeout = Duration(node, flags, "timeout"),
                StartPeriod = Duration(node, flags, "start-period"),
                StartInterval = Duration(node, flags, "start-interval"),
                Retries = flags.Value("retries") is { } r ? int.TryParse(r, out var n) && n >= 0 ? n : throw StepFailure.At(node, $"invalid --retries: {r}") : null,
            };
        }
        else throw StepFailure.At(node, "HEALTHCHECK requires CMD COMMAND or NONE", "write HEALTHCHECK [OPTIONS] CMD command, or HEALTHCHECK NONE");
        Config = Config with { Healthcheck = health };
        builder.Record("HEALTHCHECK " + GoFormat.Quoted(health.Test!), emptyLayer: true);
    }

    static long? Duration(InstructionNode node, InstructionFlags flags, string name)
    {
        if (flags.Value(name) is not { } text) return null;
        var value = GoDuration.Parse(text) ?? throw StepFailure.At(node, $"invalid --{name}: {text}", "use a duration such as 30s, 1m30s or 500ms");
        if (value != 0 && value < 1_000_000) throw StepFailure.At(node, $"--{name} cannot be less than 1ms");
        return value == 0 ? null : value;
    }

    void Arg(InstructionNode node)
    {
        NoFlags(node);
        foreach (var (rawKey, rawValue) in KeyValueArgs.Parse(node, session.Escape, allowLegacy: false, allowBare: true))
        {
            var key = rawKey;
            string? value;
            if (session.Request.BuildArgs.TryGetValue(key, out var given)) value = given;
            else if (rawValue is not null) value = Word(rawValue);
            else value = session.GlobalArgs.TryGetValue(key, out var global) ? global : null;
            State.Args[key] = value;
            builder.Record(value is null ? $"ARG {key}" : $"ARG {key}={value}", emptyLayer: true);
        }
    }

    void OnBuild(InstructionNode node)
    {
        var trigger = node.Arguments.Trim();
        var keyword = trigger.Split((char[])[' ', '\t'], 2)[0].ToUpperInvariant();
        if (keyword is "ONBUILD" or "FROM" or "MAINTAINER") throw StepFailure.At(node, $"{keyword} isn't allowed as an ONBUILD trigger");
        _ = DockerfileParser.ParseLine(trigger, node.Line, session.Escape); // refuse a trigger that would fail later, now
        Config = Config with { OnBuild = [.. Config.OnBuild ?? [], trigger] };
        builder.Record("ONBUILD " + trigger, emptyLayer: true);
    }
}
