using Berth.Build.Cache;
using Berth.Build.Context;
using Berth.Build.Dockerfile;
using Berth.Engine.Specs;

namespace Berth.Build.Steps;

/// <summary>WORKDIR: sets the working directory and, as BuildKit does, creates it (owned by USER) when the image lacks it.</summary>
public sealed class WorkdirStep(BuildSession session, StageBuilder builder)
{
    public void Run(InstructionNode node)
    {
        _ = new InstructionFlags(node);
        var written = session.Lex.ProcessWord(node.Arguments.Trim(), builder.Vars);
        if (written.Length == 0) throw StepFailure.At(node, "WORKDIR requires exactly one argument");
        var current = string.IsNullOrEmpty(builder.State.Config.WorkingDir) ? "/" : builder.State.Config.WorkingDir;
        var path = "/" + ContextPaths.Clean(written.StartsWith('/') ? written : current + "/" + written);
        builder.State.Config = builder.State.Config with { WorkingDir = path };
        var step = session.Progress.Start(builder.NextStep(node.Original));
        var user = builder.State.Config.User ?? "";
        var key = CacheKey.Of(builder.State.Key, ["WORKDIR", path, user]);
        if (!session.Request.NoCache && session.Cache.Lookup(key) is { } cached)
        {
            step.Cached();
            builder.Apply(key, cached, "WORKDIR " + path);
            return;
        }
        var scratch = session.Images.Layers.NewScratch();
        try
        {
            var owner = user.Length == 0 ? null : UserResolver.Resolve(user, new LayeredFiles(builder.LayerDirsTopFirst()));
            var copier = new FileCopier(Path.Combine(scratch, "diff"), SourceTree.Layers(builder.LayerDirsTopFirst()), new CopyAttributes(owner?.Uid, owner?.Gid, null, false));
            copier.MakeDirectory(path);
            var layer = LayerCommitter.Commit(session.Images, scratch);
            session.Cache.Store(key, layer);
            step.Done();
            builder.Apply(key, layer, "WORKDIR " + path);
        }
        finally
        {
            if (Directory.Exists(scratch)) Images.Snapshots.LayerStore.RemoveTree(scratch);
        }
    }
}
