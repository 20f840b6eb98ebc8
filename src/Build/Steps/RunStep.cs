using Berth.Build.Cache;
using Berth.Build.Dockerfile;

namespace Berth.Build.Steps;

/// <summary>RUN: the command on the parent's layers, its changes committed as a layer, keyed by everything it sees.</summary>
public sealed class RunStep(BuildSession session, StageBuilder builder)
{
    public void Run(InstructionNode node)
    {
        var flags = new InstructionFlags(node, "mount", "network", "security");
        var network = flags.Value("network") ?? session.Request.Network;
        if (network is not ("default" or "none" or "host"))
            throw StepFailure.At(node, $"unsupported network mode {network}", "use --network=default, none or host");
        if (flags.Value("security") is { } security && security != "sandbox")
            throw StepFailure.At(node, $"RUN --security={security} is not supported", "berth builds run sandboxed; drop the flag");
        var mounts = flags.All("mount").Select(m => RunMount.Parse(node, m, session.Lex, builder.Vars)).ToList();
        var args = Command(node);
        var env = builder.RunEnvironment();
        var state = builder.State;
        var user = state.Config.User;
        var cwd = string.IsNullOrEmpty(state.Config.WorkingDir) ? "/" : state.Config.WorkingDir;
        var mountSources = mounts.Select(m => m.KeyPart(session)).ToList();
        var key = CacheKey.Of(state.Key, ["RUN"], args, env, [user ?? "", cwd, network], mountSources);
        var createdBy = CreatedBy(args);
        var step = session.Progress.Start(builder.NextStep(node.Original));
        if (!session.Request.NoCache && session.Cache.Lookup(key) is { } cached)
        {
            step.Cached();
            builder.Apply(key, cached, createdBy);
            return;
        }
        var scratch = session.Images.Layers.NewScratch();
        try
        {
            var prepared = mounts.Select(m => m.Prepare(session, scratch)).ToList();
            var outcome = new RunSandbox(session.Paths, session.Images).Run(new RunRequest
            {
                Args = args,
                Env = env,
                Cwd = cwd,
                User = user,
                Layers = state.DiffIds,
                Scratch = scratch,
                Network = network,
                Mounts = prepared,
            }, step.Output);
            if (outcome.ExitCode != 0)
            {
                var message = $"process \"{string.Join(' ', args)}\" did not complete successfully: exit code: {outcome.ExitCode}";
                step.Failed(message);
                throw new BuildFailedException($"failed to solve: {builder.Stage.DisplayName}: Dockerfile:{node.Line}: {node.Original}: {message}", outcome.Tail);
            }
            var layer = LayerCommitter.Commit(session.Images, scratch);
            session.Cache.Store(key, layer);
            step.Done();
            builder.Apply(key, layer, createdBy);
        }
        finally
        {
            if (Directory.Exists(scratch)) Images.Snapshots.LayerStore.RemoveTree(scratch);
        }
    }

    List<string> Command(InstructionNode node)
    {
        if (node.Json is { Count: > 0 } exec) return [.. exec];
        var shell = builder.State.Config.Shell ?? ["/bin/sh", "-c"];
        if (node.Heredocs.Count == 0)
        {
            if (node.Arguments.Trim().Length == 0) throw StepFailure.At(node, "RUN requires at least one argument");
            return [.. shell, node.Arguments];
        }
        // RUN <<EOF alone runs the heredoc as the script; otherwise the shell gets the line and its heredocs, as written.
        if (node.Heredocs.Count == 1 && node.Arguments.Trim().StartsWith("<<") && !node.Arguments.Trim().Contains(' '))
            return [.. shell, node.Heredocs[0].Content];
        var script = new System.Text.StringBuilder(node.Arguments).Append('\n');
        foreach (var doc in node.Heredocs) script.Append(doc.Content).Append(doc.Name).Append('\n');
        return [.. shell, script.ToString()];
    }

    string CreatedBy(List<string> args)
    {
        var shown = builder.State.Args.Where(a => a.Value is not null && builder.State.EnvValue(a.Key) is null).Select(a => $"{a.Key}={a.Value}").ToList();
        var prefix = shown.Count == 0 ? "" : $"|{shown.Count} {string.Join(' ', shown)} ";
        return $"RUN {prefix}{string.Join(' ', args)} # buildkit";
    }
}
