using Berth.Build.Dockerfile;
using Berth.Build.Progress;
using Berth.Images.Content;
using Berth.Images.Oci;
using Berth.Sys.Errors;

namespace Berth.Build.Steps;

/// <summary>
/// Builds one stage: FROM, the base image's ONBUILD triggers, then each instruction in order.
/// Metadata instructions change the config; RUN, COPY, ADD and WORKDIR make layers through the cache.
/// </summary>
public sealed class StageBuilder(BuildSession session, Stage stage)
{
    static readonly HashSet<string> FileSteps = ["RUN", "COPY", "ADD", "WORKDIR"];
    BuildState _state = new();
    int _number = 1;
    int _count;
    DateTimeOffset _lastCreated;

    public async Task<BuildState> Build()
    {
        _state = await From();
        var triggers = (_state.Config.OnBuild ?? []).Select(t => DockerfileParser.ParseLine(t, stage.From.Line, session.Escape)).ToList();
        _state.Config = _state.Config with { OnBuild = null };
        var nodes = triggers.Concat(stage.Body).ToList();
        _count = 1 + nodes.Count(n => FileSteps.Contains(n.Keyword));
        foreach (var node in nodes)
        {
            if (triggers.Contains(node) && node.Keyword is "ONBUILD" or "FROM" or "MAINTAINER")
                throw StepFailure.At(node, $"{node.Keyword} is not allowed as an ONBUILD trigger");
            Dispatch(node);
        }
        return _state;
    }

    public StepName NextStep(string text) => new(stage.Name ?? (session.Plan.Stages.Count > 1 ? stage.DisplayName : ""), ++_number, _count, text);

    string? Lookup(string name) => _state.EnvValue(name) ?? (_state.Args.TryGetValue(name, out var value) ? value : null);
    public Func<string, string?> Vars => Lookup;
    public BuildState State => _state;
    public Stage Stage => stage;

    void Dispatch(InstructionNode node)
    {
        if (RunSandbox.Cancelled) throw new BuildFailedException($"the build was interrupted before {node.Original}", []);
        var metadata = new MetadataSteps(session, this);
        switch (node.Keyword)
        {
            case "RUN": new RunStep(session, this).Run(node); break;
            case "COPY": new CopyStep(session, this).Run(node, add: false); break;
            case "ADD": new CopyStep(session, this).Run(node, add: true); break;
            case "WORKDIR": new WorkdirStep(session, this).Run(node); break;
            default: metadata.Apply(node); break;
        }
    }

    /// <summary>A history entry; layer steps carry their layer's creation time, so a fully cached rebuild yields the same image ID.</summary>
    public void Record(string createdBy, bool emptyLayer, DateTimeOffset? created = null)
    {
        if (created is { } time && time > _lastCreated) _lastCreated = time;
        _state.History.Add(new HistoryEntry
        {
            Created = created ?? _lastCreated,
            CreatedBy = createdBy,
            Comment = emptyLayer || !createdBy.EndsWith("# buildkit", StringComparison.Ordinal) ? null : "buildkit.dockerfile.v0",
            EmptyLayer = emptyLayer ? true : null,
        });
    }

    async Task<BuildState> From()
    {
        var node = stage.From;
        _ = new InstructionFlags(node, "platform");
        var words = KeyValueArgs.SplitKeepingQuotes(node.Arguments, session.Escape);
        if (words.Count is not (1 or 3) || words.Count == 3 && !words[1].Equals("AS", StringComparison.OrdinalIgnoreCase))
            throw StepFailure.At(node, $"FROM requires either one or three arguments, got: {node.Arguments}", "write FROM IMAGE [AS NAME]");
        var baseName = session.Lex.ProcessWord(words[0], name => session.GlobalArgs.TryGetValue(name, out var v) ? v : null);
        if (baseName.Length == 0) throw StepFailure.At(node, $"FROM names no image after substitution: {words[0]}", "give the ARG a value with --build-arg");
        var count = 1 + stage.Body.Count(n => FileSteps.Contains(n.Keyword));
        var fromStep = new StepName(stage.Name ?? (session.Plan.Stages.Count > 1 ? stage.DisplayName : ""), 1, count, $"FROM {baseName}");
        if (session.Plan.Find(baseName, before: stage.Index) is { } parent)
        {
            var built = await session.StageResult(parent);
            return Clone(built, built.Key);
        }
        if (baseName == "scratch")
        {
            session.Progress.Start(fromStep).Done();
            var empty = new BuildState { Key = "scratch", Architecture = Images.Import.ImageImporter.CurrentArchitecture };
            EnsurePath(empty);
            return empty;
        }
        var image = session.Images.TryGet(baseName) ?? PullBase(session, node, baseName);
        session.Progress.Start(fromStep with { Text = $"FROM {baseName}@{image.Id}" }).Done();
        var state = new BuildState
        {
            DiffIds = [.. image.DiffIds],
            Blobs = [.. image.Manifest.Layers],
            Config = image.Config.Config ?? new RunConfig(),
            History = [.. image.Config.History ?? []],
            Key = "image:" + image.Id.Value,
            Architecture = image.Config.Architecture,
            Os = image.Config.Os,
            Author = image.Config.Author,
        };
        _lastCreated = image.Config.Created ?? DateTimeOffset.UnixEpoch;
        EnsurePath(state);
        return state;
    }

    /// <summary>BuildKit gives a stage whose base sets no PATH the default one, in the image config too.</summary>
    static void EnsurePath(BuildState state)
    {
        if (state.EnvValue("PATH") is null) state.Config = state.Config with { Env = [Engine.Specs.DockerDefaults.DefaultPath, .. state.Config.Env ?? []] };
    }

    BuildState Clone(BuildState parent, string key)
    {
        _lastCreated = parent.History.LastOrDefault()?.Created ?? DateTimeOffset.UnixEpoch;
        return new BuildState
        {
            DiffIds = [.. parent.DiffIds],
            Blobs = [.. parent.Blobs],
            Config = parent.Config,
            History = [.. parent.History],
            Key = key,
            Architecture = parent.Architecture,
            Os = parent.Os,
            Author = parent.Author,
        };
    }

    /// <summary>Takes a step's layer (or its absence) into the state: the new key, the layer, the history entry.</summary>
    public void Apply(string key, Cache.CachedLayer layer, string createdBy)
    {
        _state.Key = key;
        if (layer.DiffId is { } diffId) _state.AddLayer(diffId);
        Record(createdBy, emptyLayer: layer.DiffId is null, layer.Created);
    }

    /// <summary>The env a RUN sees: the config's, plus ARGs in scope that ENV does not override, plus proxy args.</summary>
    public List<string> RunEnvironment()
    {
        var env = new List<string>(_state.Config.Env ?? []);
        foreach (var (name, value) in _state.Args)
            if (value is not null && _state.EnvValue(name) is null) env.Add($"{name}={value}");
        foreach (var (name, value) in session.Request.BuildArgs)
            if (PredefinedArgs.IsProxy(name) && !_state.Args.ContainsKey(name) && _state.EnvValue(name) is null) env.Add($"{name}={value}");
        return env;
    }

    /// <summary>The layers bottom first, as host directories top first: what a step's files are read from.</summary>
    public List<string> LayerDirsTopFirst() => _state.DiffIds.AsEnumerable().Reverse().Select(session.Images.Layers.DiffPath).ToList();

    /// <summary>A FROM image that is not in the store is pulled, as docker build does; if that fails too, both are named.</summary>
    static Images.Store.Image PullBase(BuildSession session, InstructionNode node, string baseName)
    {
        const string Hint = "pull it with 'berth pull', load it with 'berth load' or import it with 'berth import'";
        if (session.Request.PullBaseImage is not { } pull) throw StepFailure.At(node, $"base image {baseName} was not found locally", Hint);
        try
        {
            pull(baseName);
        }
        catch (BerthException e)
        {
            throw StepFailure.At(node, $"base image {baseName} was not found locally, and pulling it failed: {e.Message}", Hint);
        }
        return session.Images.TryGet(baseName) ?? throw StepFailure.At(node, $"base image {baseName} was not found after pulling it", Hint);
    }
}
