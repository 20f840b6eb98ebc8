using System.Security.Cryptography;
using System.Text;
using Berth.Build.Context;
using Berth.Build.Dockerfile;
using Berth.Runtime.Spec;

namespace Berth.Build.Steps;

/// <summary>
/// RUN --mount: type=cache (a directory kept across builds under the build cache), bind (from the
/// context, a stage or an image; writes are thrown away), tmpfs, and secret (a file given with
/// --secret, never part of a layer or the cache key).
/// </summary>
public sealed record RunMount(InstructionNode Node, string Type, string Target, IReadOnlyDictionary<string, string> Options)
{
    public static RunMount Parse(InstructionNode node, string text, ShellLex lex, Func<string, string?> vars)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in lex.ProcessWord(text, vars).Split(','))
        {
            var eq = part.IndexOf('=');
            var key = (eq < 0 ? part : part[..eq]).ToLowerInvariant();
            key = key switch { "dst" or "destination" => "target", "src" => "source", "readonly" => "ro", _ => key };
            options[key] = eq < 0 ? "true" : part[(eq + 1)..];
        }
        var type = options.GetValueOrDefault("type", "bind");
        if (type is not ("bind" or "cache" or "tmpfs" or "secret"))
            throw StepFailure.At(node, $"unsupported mount type {type}", "use type=bind, cache, tmpfs or secret");
        var target = options.GetValueOrDefault("target");
        if (type == "secret") target ??= "/run/secrets/" + (options.GetValueOrDefault("id") ?? options.GetValueOrDefault("source") ?? "");
        if (string.IsNullOrEmpty(target)) throw StepFailure.At(node, $"--mount type={type} needs a target", "add target=/path");
        if (!target.StartsWith('/')) target = "/" + target;
        return new RunMount(node, type, target, options);
    }

    bool ReadOnly => Options.TryGetValue("ro", out var ro) && ro != "false" || Type == "bind" && !(Options.TryGetValue("rw", out var rw) && rw != "false");

    /// <summary>What of this mount the step's cache key depends on: a bind's content, a cache's identity, never a secret's content.</summary>
    public string KeyPart(BuildSession session) => Type switch
    {
        "bind" => $"bind {Target} {ReadOnly} {SourceIdentity(session)}",
        "cache" => $"cache {Target} {CacheId}",
        "tmpfs" => $"tmpfs {Target} {Options.GetValueOrDefault("size")}",
        _ => $"secret {Target} {Options.GetValueOrDefault("id")}",
    };

    string CacheId => Options.GetValueOrDefault("id") ?? Target;

    string SourceIdentity(BuildSession session)
    {
        var (tree, key) = SourceTreeOf(session);
        if (key is not null) return key + ":" + Source;
        var hash = new StringBuilder();
        var source = tree.Lookup(Source) ?? throw StepFailure.At(Node, $"--mount source {Source} not found in the build context");
        foreach (var entry in source.Stat.IsDirectory ? tree.Walk(Source) : [source])
            hash.Append(CopyDigest.Line(entry, session.Hashes)).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(hash.ToString())));
    }

    string Source => ContextPaths.Clean(Options.GetValueOrDefault("source") ?? "");

    (SourceTree Tree, string? Key) SourceTreeOf(BuildSession session)
    {
        if (Options.GetValueOrDefault("from") is not { } from)
            return (session.Context ?? throw StepFailure.At(Node, "--mount type=bind needs a build context", "give a context directory instead of -"), null);
        var state = CopySources.StageOrImage(session, Node, from);
        return (SourceTree.Layers(state.DiffIds.AsEnumerable().Reverse().Select(session.Images.Layers.DiffPath).ToList()), state.Key);
    }

    /// <summary>The OCI mount for the sandbox; read-write binds and binds from stages get a throwaway copy in the scratch.</summary>
    public OciMount Prepare(BuildSession session, string scratch)
    {
        switch (Type)
        {
            case "tmpfs":
                var tmpfsOptions = new List<string> { "nosuid", "nodev" };
                if (Options.GetValueOrDefault("size") is { } size) tmpfsOptions.Add("size=" + size);
                return new OciMount { Destination = Target, Type = "tmpfs", Source = "tmpfs", Options = tmpfsOptions };
            case "cache":
                var dir = Path.Combine(session.Cache.Root, "mounts", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CacheId)))[..32]);
                if (!Directory.Exists(dir))
                {
                    Directory.CreateDirectory(dir);
                    if (Options.GetValueOrDefault("uid") is { } uid || Options.GetValueOrDefault("gid") is not null)
                        Sys.Interop.Libc.fchownat(Sys.Interop.Libc.AT_FDCWD, dir, int.Parse(Options.GetValueOrDefault("uid", "0")), int.Parse(Options.GetValueOrDefault("gid", "0")), 0);
                }
                return Bind(dir, ReadOnly);
            case "secret":
                var id = Options.GetValueOrDefault("id") ?? Options.GetValueOrDefault("source") ?? "";
                if (!session.Request.Secrets.TryGetValue(id, out var file))
                    throw StepFailure.At(Node, $"secret {id} not found", $"pass it with --secret id={id},src=PATH");
                return Bind(Path.GetFullPath(file), readOnly: true);
            default:
                return PrepareBind(session, scratch);
        }
    }

    OciMount PrepareBind(BuildSession session, string scratch)
    {
        var (tree, key) = SourceTreeOf(session);
        var entry = tree.Lookup(Source) ?? throw StepFailure.At(Node, $"--mount source {Source} not found", "check the path in source=");
        if (key is null && ReadOnly && Session.IsWholeDirectory(session, Source)) return Bind(entry.HostPath, readOnly: true);
        // A copy: the context minus .dockerignore, a stage's merged layers, or a writable bind whose writes must vanish.
        var copy = Path.Combine(scratch, "mounts", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(copy);
        var destination = entry.Stat.IsDirectory ? "/" : "/" + Path.GetFileName(entry.RelativePath);
        new FileCopier(copy, SourceTree.Layers([]), new CopyAttributes(null, null, null, KeepSourceOwner: true)).Copy(tree, entry, destination);
        return Bind(entry.Stat.IsDirectory ? copy : Path.Combine(copy, Path.GetFileName(entry.RelativePath)), ReadOnly);
    }

    OciMount Bind(string source, bool readOnly) => new()
    {
        Destination = Target,
        Type = "bind",
        Source = source,
        Options = readOnly ? ["rbind", "rprivate", "ro"] : ["rbind", "rprivate"],
    };

    static class Session
    {
        /// <summary>A context directory may be bound directly only when .dockerignore hides nothing in it.</summary>
        public static bool IsWholeDirectory(BuildSession session, string source) => session.Request.ContextDir is not null && IgnoresNothing(session);

        static bool IgnoresNothing(BuildSession session) => session.ContextIgnore.Patterns.Count == 0;
    }
}
