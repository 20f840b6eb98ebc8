using System.Formats.Tar;
using Berth.Build;
using Berth.Build.Cache;
using Berth.Build.Progress;
using Berth.Cli.Parsing;
using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Cli.Commands;

/// <summary>build (and "image build", "builder build"), and builder prune.</summary>
static class BuildCommands
{
    public static IEnumerable<CommandSpec> All(CliContext context) => [Build(context), Prune(context)];

    static CommandSpec Build(CliContext context) => new()
    {
        Name = "build",
        Usage = "build [OPTIONS] PATH | -",
        Description = "Build an image from a Dockerfile",
        Aliases = ["image build", "builder build", "buildx build"],
        Flags =
        [
            FlagSpec.List("build-arg", null, "Set build-time variables"),
            FlagSpec.Value("file", 'f', "Name of the Dockerfile (default: \"PATH/Dockerfile\")"),
            FlagSpec.Value("iidfile", null, "Write the image ID to the file"),
            FlagSpec.List("label", null, "Set metadata for an image"),
            FlagSpec.Value("network", null, "Set the networking mode for the RUN instructions during build", defaultValue: "default"),
            FlagSpec.Bool("no-cache", null, "Do not use cache when building the image"),
            FlagSpec.Value("progress", null, "Set type of progress output (auto, plain, tty). Use plain to show container output", defaultValue: "auto"),
            FlagSpec.Bool("pull", null, "Always attempt to pull a newer version of the image (berth builds from local images)"),
            FlagSpec.Bool("quiet", 'q', "Suppress the build output and print image ID on success"),
            FlagSpec.List("secret", null, "Secret to expose to the build (format: \"id=mysecret[,src=/local/secret]\")"),
            FlagSpec.List("tag", 't', "Name and optionally a tag in the \"name:tag\" format"),
            FlagSpec.Value("target", null, "Set the target build stage to build"),
            FlagSpec.Value("platform", null, "Set platform if server is multi-platform capable"),
            FlagSpec.Bool("rm", null, "Remove intermediate containers after a successful build (always)"),
            FlagSpec.Bool("force-rm", null, "Always remove intermediate containers (always)"),
        ],
        MinArgs = 1,
        MaxArgs = 1,
        Run = args => RunBuild(context, args),
    };

    static int RunBuild(CliContext context, ParsedArgs args)
    {
        var network = args.Value("network") ?? "default";
        if (network is not ("default" or "none" or "host")) throw new UsageException($"invalid --network {network}: use default, none or host");
        var mode = args.Value("progress") ?? "auto";
        if (mode is not ("auto" or "plain" or "tty" or "quiet" or "rawjson")) throw new UsageException($"invalid --progress {mode}: use auto, plain or tty");
        using var input = BuildInput.Open(args.Arguments[0], args.Value("file"));
        var request = new BuildRequest
        {
            ContextDir = input.ContextDir,
            DockerfileText = input.DockerfileText,
            DockerfilePath = input.DockerfilePath,
            Tags = args.List("tag"),
            BuildArgs = Pairs(args.List("build-arg"), fromEnvironment: true),
            Target = args.Value("target"),
            NoCache = args.Bool("no-cache"),
            Labels = Pairs(args.List("label"), fromEnvironment: false),
            Secrets = Secrets(args.List("secret")),
            Network = network,
            PullBaseImage = name => RegistryCommands.Pull(context, name, context.Err),
        };
        var quiet = args.Bool("quiet") || mode == "quiet";
        var tty = mode == "tty" || mode == "auto" && Libc.isatty(2) == 1;
        IBuildProgress progress = quiet ? new QuietProgress() : tty ? new TtyProgress(context.Err) : new PlainProgress(context.Err);
        Images.Content.Digest id;
        // Ctrl-C and SIGTERM stop the build cleanly: the running step is killed and cleaned up, not orphaned.
        using var interrupt = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, Cancel);
        using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, Cancel);
        try
        {
            id = new Builder(context.Paths, context.Images, progress).Build(request);
        }
        catch (BuildFailedException e)
        {
            (progress as IDisposable)?.Dispose();
            if (e.Tail.Count > 0) context.Err.WriteLine(string.Join('\n', e.Tail.Select(l => "  > " + l)));
            throw;
        }
        catch
        {
            (progress as IDisposable)?.Dispose();
            throw;
        }
        progress.Message($"writing image {id}");
        foreach (var tag in request.Tags) progress.Message($"naming to {Images.References.ImageReference.Parse(tag)}");
        (progress as IDisposable)?.Dispose();
        if (args.Value("iidfile") is { } iidfile) File.WriteAllText(iidfile, id.Value);
        if (quiet) context.Out.WriteLine(id.Value);
        return 0;
    }

    static void Cancel(System.Runtime.InteropServices.PosixSignalContext signal)
    {
        signal.Cancel = true;
        Berth.Build.Steps.RunSandbox.CancelAll();
    }

    static Dictionary<string, string> Pairs(IReadOnlyList<string> items, bool fromEnvironment)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var eq = item.IndexOf('=');
            if (eq > 0) result[item[..eq]] = item[(eq + 1)..];
            else if (fromEnvironment && Environment.GetEnvironmentVariable(item) is { } value) result[item] = value;
            else if (!fromEnvironment) result[item] = "";
        }
        return result;
    }

    static Dictionary<string, string> Secrets(IReadOnlyList<string> items)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            string? id = null, src = null;
            foreach (var part in item.Split(','))
            {
                var eq = part.IndexOf('=');
                var key = eq < 0 ? part : part[..eq];
                var value = eq < 0 ? "" : part[(eq + 1)..];
                if (key == "id") id = value;
                else if (key is "src" or "source") src = value;
                else if (key != "type") throw new UsageException($"invalid --secret {item}: unknown key {key} (use id=ID,src=PATH)");
            }
            if (string.IsNullOrEmpty(id)) throw new UsageException($"invalid --secret {item}: it needs id=ID");
            src ??= id;
            if (!File.Exists(src)) throw BerthException.NotFound($"secret {id}: file {src} does not exist");
            result[id] = Path.GetFullPath(src);
        }
        return result;
    }

    static CommandSpec Prune(CliContext context) => new()
    {
        Name = "builder prune",
        Usage = "builder prune [OPTIONS]",
        Description = "Remove build cache",
        Aliases = ["buildx prune"],
        Flags =
        [
            FlagSpec.Bool("all", 'a', "Remove all unused build cache, not just dangling ones"),
            FlagSpec.Bool("force", 'f', "Do not prompt for confirmation"),
            FlagSpec.List("filter", null, "Provide filter values"),
        ],
        MaxArgs = 0,
        Run = _ =>
        {
            var entries = new BuildCache(Builder.CacheRoot(context.Paths), context.Images).Prune();
            var collected = ImageCommands.Collect(context);
            context.Out.WriteLine($"Deleted build cache objects: {entries}");
            context.Out.WriteLine($"Total reclaimed space: {Units.HumanSize(collected.ReclaimedBytes)}");
            return 0;
        },
    };

    /// <summary>The context and Dockerfile of a build: a directory, a tar on stdin, or a Dockerfile on stdin.</summary>
    sealed class BuildInput : IDisposable
    {
        public string? ContextDir { get; private init; }
        public string DockerfileText { get; private init; } = "";
        public string? DockerfilePath { get; private init; }
        string? _temp;

        public static BuildInput Open(string contextArg, string? file)
        {
            if (contextArg == "-") return FromStdin(file);
            var context = Path.GetFullPath(contextArg);
            if (!Directory.Exists(context)) throw BerthException.NotFound($"unable to prepare context: path \"{contextArg}\" not found");
            if (file == "-") return new BuildInput { ContextDir = context, DockerfileText = Console.In.ReadToEnd() };
            var dockerfile = file is null ? Path.Combine(context, "Dockerfile") : Path.GetFullPath(file);
            if (!File.Exists(dockerfile))
                throw BerthException.NotFound($"failed to read dockerfile: open {dockerfile}: no such file or directory (give one with -f FILE)");
            return new BuildInput { ContextDir = context, DockerfileText = File.ReadAllText(dockerfile), DockerfilePath = dockerfile };
        }

        static BuildInput FromStdin(string? file)
        {
            var buffer = new MemoryStream();
            Console.OpenStandardInput().CopyTo(buffer);
            var bytes = buffer.ToArray();
            var isTar = bytes.Length >= 262 && System.Text.Encoding.ASCII.GetString(bytes, 257, 5) == "ustar";
            if (!isTar) return new BuildInput { DockerfileText = System.Text.Encoding.UTF8.GetString(bytes) };
            var temp = Path.Combine(Path.GetTempPath(), "berth-build-context-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(temp);
            buffer.Position = 0;
            TarFile.ExtractToDirectory(buffer, temp, overwriteFiles: false);
            var dockerfile = Path.Combine(temp, file ?? "Dockerfile");
            if (!Path.GetFullPath(dockerfile).StartsWith(temp + "/", StringComparison.Ordinal) || !File.Exists(dockerfile))
            {
                Directory.Delete(temp, recursive: true);
                throw BerthException.NotFound($"failed to read dockerfile: {file ?? "Dockerfile"} is not in the context tar");
            }
            return new BuildInput { ContextDir = temp, DockerfileText = File.ReadAllText(dockerfile), DockerfilePath = dockerfile, _temp = temp };
        }

        public void Dispose()
        {
            if (_temp is not null) Images.Snapshots.LayerStore.RemoveTree(_temp);
        }
    }
}
