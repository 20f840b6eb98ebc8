using System.Security.Cryptography;
using System.Text;
using Berth.Build.Cache;
using Berth.Build.Context;
using Berth.Build.Dockerfile;
using Berth.Engine.Specs;
using Berth.Images.Layers;

namespace Berth.Build.Steps;

/// <summary>
/// COPY and ADD: sources from the context (minus .dockerignore), a stage, an image, a heredoc or
/// (ADD) a URL; the step's key holds the digest of every file copied, so an edit, a rename, a chmod
/// or a deletion re-runs it and every step after it, and nothing else.
/// </summary>
public sealed class CopyStep(BuildSession session, StageBuilder builder)
{
    sealed record Source(string Written, SourceTree? Tree, List<SourceEntry> Entries, Heredoc? Heredoc, string? Url);

    public void Run(InstructionNode node, bool add)
    {
        var keyword = add ? "ADD" : "COPY";
        var flags = add
            ? new InstructionFlags(node, "from", "chown", "chmod", "link", "parents", "exclude", "checksum", "keep-git-dir", "unpack")
            : new InstructionFlags(node, "from", "chown", "chmod", "link", "parents", "exclude");
        var words = node.Json is { } json ? json.Select(w => session.Lex.ProcessWord(w, builder.Vars)).ToList() : session.Lex.ProcessWords(node.Arguments, builder.Vars);
        if (words.Count < 2) throw StepFailure.At(node, $"{keyword} requires at least two arguments, but only {words.Count} provided", $"write {keyword} SOURCE... DEST");
        var dest = Destination(words[^1]);
        var from = flags.Value("from") is { } f ? session.Lex.ProcessWord(f, builder.Vars) : null;
        var excludes = flags.All("exclude").Select(e => IgnorePattern.Parse(session.Lex.ProcessWord(e, builder.Vars))).OfType<IgnorePattern>().ToList();
        var sources = words[..^1].Select(w => ResolveSource(node, keyword, w, from, excludes, add)).ToList();
        var parentTree = SourceTree.Layers(builder.LayerDirsTopFirst());
        var many = sources.Sum(s => s.Entries.Count + (s.Heredoc is null ? 0 : 1) + (s.Url is null ? 0 : 1)) > 1 || sources.Any(s => s.Written.IndexOfAny(['*', '?', '[']) >= 0);
        var destIsDir = dest.EndsWith('/') || parentTree.Lookup(ContextPaths.Clean(dest)) is { Stat.IsDirectory: true };
        if (many && !destIsDir)
            throw StepFailure.At(node, $"When using {keyword} with more than one source file, the destination must be a directory and end with a /", $"write {words[^1]}/");
        var attributes = Attributes(node, flags, keepSourceOwner: from is not null);
        var checksum = flags.Value("checksum");
        var key = CacheKey.Of(builder.State.Key, [keyword, dest, flags.Value("chown") ?? "", flags.Value("chmod") ?? "", flags.Bool("parents").ToString(), checksum ?? "", from ?? ""],
            excludes.Select(e => e.Text), sources.SelectMany(s => SourceLines(s)));
        var createdBy = $"{keyword} {string.Join(' ', node.Flags.Where(fl => fl.StartsWith("--chown") || fl.StartsWith("--chmod") || fl.StartsWith("--from")).Select(fl => fl + " "))}{string.Join(' ', words[..^1])} {words[^1]} # buildkit";
        var step = session.Progress.Start(builder.NextStep(node.Original));
        if (!session.Request.NoCache && session.Cache.Lookup(key) is { } cached)
        {
            step.Cached();
            builder.Apply(key, cached, createdBy);
            return;
        }
        // The layer a copy makes depends on what is copied and where, not on the steps before it: the same
        // files to the same place under the same directories give the same layer, which is reused whole.
        var contentKey = sources.Any(s => s.Url is not null) ? null : CacheKey.Of("copy-content",
            [keyword, dest, destIsDir.ToString(), $"{attributes}", flags.Bool("parents").ToString()],
            excludes.Select(e => e.Text), sources.SelectMany(s => SourceLines(s)), DestinationLines(parentTree, dest));
        if (!session.Request.NoCache && contentKey is not null && session.Cache.Lookup(contentKey) is { } same)
        {
            session.Cache.Store(key, same);
            step.Done();
            builder.Apply(key, same, createdBy);
            return;
        }
        var scratch = session.Images.Layers.NewScratch();
        try
        {
            var copier = new FileCopier(Path.Combine(scratch, "diff"), parentTree, attributes);
            foreach (var source in sources) CopySource(node, copier, source, dest, destIsDir, add, flags.Bool("parents"), checksum, scratch);
            var layer = LayerCommitter.Commit(session.Images, scratch);
            session.Cache.Store(key, layer);
            if (contentKey is not null) session.Cache.Store(contentKey, layer);
            step.Done();
            builder.Apply(key, layer, createdBy);
        }
        catch (Sys.Errors.BerthException e) when (e is not BuildFailedException)
        {
            step.Failed(e.Message);
            throw;
        }
        finally
        {
            if (Directory.Exists(scratch)) Images.Snapshots.LayerStore.RemoveTree(scratch);
        }
    }

    /// <summary>The destination and its ancestors as the parent image has them: what a copy recreates in its layer.</summary>
    static IEnumerable<string> DestinationLines(SourceTree parent, string dest)
    {
        var path = ContextPaths.Clean(dest);
        while (true)
        {
            var entry = parent.Lookup(path);
            yield return entry is null ? $"{path} absent" : $"{path} {entry.Stat.Mode:x} {entry.Stat.Uid}:{entry.Stat.Gid}";
            if (path.Length == 0) yield break;
            var slash = path.LastIndexOf('/');
            path = slash < 0 ? "" : path[..slash];
        }
    }

    string Destination(string written)
    {
        var workdir = string.IsNullOrEmpty(builder.State.Config.WorkingDir) ? "/" : builder.State.Config.WorkingDir;
        var dir = written.EndsWith('/') || written is "." or ".." || written.EndsWith("/.");
        var path = written.StartsWith('/') ? written : workdir.TrimEnd('/') + "/" + written;
        var cleaned = "/" + ContextPaths.Clean(path);
        return dir && cleaned != "/" ? cleaned + "/" : cleaned;
    }

    Source ResolveSource(InstructionNode node, string keyword, string written, string? from, List<IgnorePattern> excludes, bool add)
    {
        if (written.StartsWith("<<") && node.Heredocs.FirstOrDefault(h => h.Name == written.TrimStart('<', '-').Trim('"', '\'')) is { } doc)
            return new Source(written, null, [], doc with { Content = doc.Expand ? session.Lex.ProcessHeredoc(doc.Content, builder.Vars) : doc.Content }, null);
        if (written.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || written.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            if (!add) throw StepFailure.At(node, "source can't be a URL for COPY", "use ADD for URLs, or download the file into the context");
            return new Source(written, null, [], null, written);
        }
        SourceTree tree;
        var scoped = ScopeExcludes(excludes, written);
        if (from is not null)
        {
            var state = CopySources.StageOrImage(session, node, from);
            tree = new SourceTree(state.DiffIds.AsEnumerable().Reverse().Select(session.Images.Layers.DiffPath).ToList(), new DockerIgnore(scoped));
        }
        else
        {
            var context = session.Context ?? throw StepFailure.At(node, $"{keyword} needs a build context, but the Dockerfile came on stdin alone", "give a context directory: berth build -f - DIR");
            tree = excludes.Count == 0 ? context : new SourceTree([session.Request.ContextDir!], new DockerIgnore([.. session.ContextIgnore.Patterns, .. scoped]));
        }
        return new Source(written, tree, CopySources.Resolve(tree, written, node, keyword), null, null);
    }

    /// <summary>--exclude patterns are relative to what a source copies: "*.log" in "COPY logs/ /x" means logs/*.log.</summary>
    static List<IgnorePattern> ScopeExcludes(List<IgnorePattern> excludes, string written)
    {
        var cleaned = ContextPaths.Clean(written);
        var wildcard = cleaned.IndexOfAny(['*', '?', '[']);
        var scope = wildcard >= 0 ? cleaned[..Math.Max(0, cleaned.LastIndexOf('/', wildcard))] : cleaned;
        return excludes.Select(e => IgnorePattern.Parse(scope.Length == 0 ? e.Text : $"{scope}/{e.Text}")).OfType<IgnorePattern>()
            .Concat(excludes).ToList();
    }

    IEnumerable<string> SourceLines(Source source)
    {
        yield return "source " + source.Written;
        if (source.Heredoc is { } doc) yield return "heredoc " + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(doc.Content)));
        if (source.Url is { } url) yield return "url " + url;
        foreach (var entry in source.Entries)
        {
            yield return CopyDigest.Line(entry, session.Hashes);
            if (entry.Stat.IsDirectory)
                foreach (var child in source.Tree!.Walk(entry.RelativePath)) yield return CopyDigest.Line(child, session.Hashes);
        }
    }

    void CopySource(InstructionNode node, FileCopier copier, Source source, string dest, bool destIsDir, bool add, bool parents, string? checksum, string scratch)
    {
        var destDir = dest.TrimEnd('/');
        if (source.Heredoc is { } doc)
        {
            copier.WriteFile(destIsDir ? $"{destDir}/{doc.Name}" : dest, Encoding.UTF8.GetBytes(doc.Content), 0x1a4);
            return;
        }
        if (source.Url is { } url)
        {
            var bytes = RemoteFile.Download(node, url, checksum);
            var name = Path.GetFileName(new Uri(url).AbsolutePath);
            copier.WriteFile(destIsDir ? $"{destDir}/{(name.Length == 0 ? "index.html" : name)}" : dest, bytes, 0x180);
            return;
        }
        foreach (var entry in source.Entries)
        {
            if (add && entry.Stat.IsRegular && LocalArchive.IsArchive(entry.HostPath))
            {
                LocalArchive.Extract(entry.HostPath, copier, destDir, scratch);
                continue;
            }
            string target;
            if (parents) target = $"{destDir}/{entry.RelativePath}";
            else if (entry.Stat.IsDirectory) target = destDir.Length == 0 ? "/" : destDir;
            else target = destIsDir ? $"{destDir}/{Path.GetFileName(entry.RelativePath)}" : dest;
            copier.Copy(source.Tree!, entry, target);
        }
    }

    CopyAttributes Attributes(InstructionNode node, InstructionFlags flags, bool keepSourceOwner)
    {
        uint? mode = null;
        if (flags.Value("chmod") is { } chmod)
        {
            try { mode = Convert.ToUInt32(chmod, 8); }
            catch (FormatException) { throw StepFailure.At(node, $"invalid --chmod={chmod}", "give an octal mode such as 755 or 0644"); }
            if (mode > 0xfff) throw StepFailure.At(node, $"invalid --chmod={chmod}", "give an octal mode such as 755 or 0644");
        }
        if (flags.Value("chown") is not { } chown) return new CopyAttributes(null, null, mode, keepSourceOwner);
        chown = session.Lex.ProcessWord(chown, builder.Vars);
        var colon = chown.IndexOf(':');
        var userPart = colon < 0 ? chown : chown[..colon];
        var files = new LayeredFiles(builder.LayerDirsTopFirst());
        try
        {
            var user = UserResolver.Resolve(colon < 0 ? userPart : chown, files);
            var gid = colon < 0 ? user.Uid : user.Gid;
            return new CopyAttributes(user.Uid, gid, mode, keepSourceOwner);
        }
        catch (Sys.Errors.BerthException e)
        {
            throw StepFailure.At(node, $"--chown={chown}: {e.Message}", "use numeric ids, or names the image's /etc/passwd and /etc/group have");
        }
    }
}
