using Berth.Cli.Parsing;
using Berth.Images.References;
using Berth.Registry.Client;
using Berth.Sys.Errors;
using Berth.Sys.Interop;
using Berth.Runtime.Terminal;

namespace Berth.Cli.Commands;

/// <summary>login, logout, pull, push: the client side of a registry. The server is in <see cref="RegistryServeCommands"/>.</summary>
static class RegistryCommands
{
    public static IEnumerable<CommandSpec> All(CliContext context) =>
        [Login(context), Logout(context), Pull(context), Push(context), .. RegistryServeCommands.All(context)];

    static readonly FlagSpec Insecure = FlagSpec.List("insecure-registry", null, "Allow plain HTTP to this registry (host[:port])", "host");

    static RegistryClient Connect(string domain, IReadOnlyList<string> insecure, DockerConfig config)
    {
        var host = RegistryHost.For(domain, insecure.ToHashSet());
        return new RegistryClient(host, config.Credentials(host.ConfigKey));
    }

    static CommandSpec Login(CliContext context) => new()
    {
        Name = "login",
        Usage = "login [OPTIONS] [SERVER]",
        Description = "Log in to a registry",
        Flags =
        [
            FlagSpec.Value("username", 'u', "Username"),
            FlagSpec.Value("password", 'p', "Password"),
            FlagSpec.Bool("password-stdin", null, "Take the password from stdin"),
            Insecure,
        ],
        MaxArgs = 1,
        Run = args =>
        {
            var server = args.Arguments.FirstOrDefault() ?? ImageReference.DefaultDomain;
            server = server.Replace("https://", "").Replace("http://", "").TrimEnd('/');
            if (server.EndsWith("/v1", StringComparison.Ordinal) || server == "index.docker.io") server = ImageReference.DefaultDomain;
            var user = args.Value("username") ?? Prompt("Username: ");
            string password;
            if (args.Bool("password-stdin"))
            {
                if (args.Has("password")) throw new UsageException("--password and --password-stdin are mutually exclusive");
                password = Console.In.ReadToEnd().TrimEnd('\n', '\r');
            }
            else password = args.Value("password") ?? PromptSecret("Password: ");
            if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(password)) throw BerthException.Invalid("username and password are required: pass -u and --password-stdin");
            if (args.Has("password")) context.Err.WriteLine("WARNING! Using --password via the CLI is insecure. Use --password-stdin.");
            var host = RegistryHost.For(server, args.List("insecure-registry").ToHashSet());
            using var client = new RegistryClient(host, (user, password));
            LoginCheck.Verify(client, CancellationToken.None).GetAwaiter().GetResult();
            var config = DockerConfig.Default();
            config.Store(host.ConfigKey, user, password);
            context.Out.WriteLine("Login Succeeded");
            return 0;
        },
    };

    static string Prompt(string label)
    {
        Console.Error.Write(label);
        return Console.In.ReadLine()?.Trim() ?? "";
    }

    static string PromptSecret(string label)
    {
        if (Console.IsInputRedirected) return Prompt(label);
        Console.Error.Write(label);
        var text = new System.Text.StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
            if (key.Key == ConsoleKey.Backspace) { if (text.Length > 0) text.Length--; }
            else text.Append(key.KeyChar);
        Console.Error.WriteLine();
        return text.ToString();
    }

    static CommandSpec Logout(CliContext context) => new()
    {
        Name = "logout",
        Usage = "logout [SERVER]",
        Description = "Log out from a registry",
        MaxArgs = 1,
        Run = args =>
        {
            var server = args.Arguments.FirstOrDefault() ?? ImageReference.DefaultDomain;
            var host = RegistryHost.For(server, []);
            if (DockerConfig.Default().Remove(host.ConfigKey)) context.Out.WriteLine($"Removing login credentials for {host.ConfigKey}");
            else context.Out.WriteLine($"Not logged in to {host.ConfigKey}");
            return 0;
        },
    };

    static CommandSpec Pull(CliContext context) => new()
    {
        Name = "pull",
        Usage = "pull [OPTIONS] NAME[:TAG|@DIGEST]",
        Description = "Download an image from a registry",
        Aliases = ["image pull"],
        Flags =
        [
            FlagSpec.Value("platform", null, "Set platform if server is multi-platform capable"),
            FlagSpec.Bool("all-tags", 'a', "Download all tagged images in the repository"),
            FlagSpec.Bool("quiet", 'q', "Suppress verbose output"),
            Insecure,
        ],
        MinArgs = 1,
        MaxArgs = 1,
        Run = args =>
        {
            var all = args.Bool("all-tags");
            var reference = ImageReference.Parse(args.Arguments[0], defaultTag: !all);
            if (all && reference.Tag is not null) throw BerthException.Invalid("tag can't be used with --all-tags/-a");
            PullAll(context, reference, all, args.List("insecure-registry"), args.Value("platform"), args.Bool("quiet") ? TextWriter.Null : context.Out);
            context.Out.WriteLine(all ? reference.Repository : reference.ToString());
            return 0;
        },
    };

    /// <summary>`berth pull NAME` as other verbs need it: `build` pulls a FROM image the store lacks.</summary>
    public static void Pull(CliContext context, string name, TextWriter progressOutput) =>
        PullAll(context, ImageReference.Parse(name), all: false, [], platform: null, progressOutput);

    static void PullAll(CliContext context, ImageReference reference, bool all, IReadOnlyList<string> insecure, string? platform, TextWriter progressOutput)
    {
        using var client = Connect(reference.Domain, insecure, DockerConfig.Default());
        var repository = new RepositoryApi(client, reference.Path);
        var progress = Progress(context, progressOutput);
        using var lastFrame = progress as IDisposable;
        var puller = new ImagePuller(context.Images, repository, progress, PlatformSelector.Parse(platform));
        var targets = all ? TagLister.List(repository, CancellationToken.None).GetAwaiter().GetResult().Select(t => reference with { Tag = t }).ToList() : [reference];
        foreach (var target in targets)
        {
            puller.Pull(target, CancellationToken.None).GetAwaiter().GetResult();
            progress.Line($"Status: Downloaded newer image for {target.Familiar}");
        }
    }

    static CommandSpec Push(CliContext context) => new()
    {
        Name = "push",
        Usage = "push [OPTIONS] NAME[:TAG]",
        Description = "Upload an image to a registry",
        Aliases = ["image push"],
        Flags = [FlagSpec.Bool("quiet", 'q', "Suppress verbose output"), Insecure],
        MinArgs = 1,
        MaxArgs = 1,
        Run = args =>
        {
            var reference = ImageReference.Parse(args.Arguments[0]);
            if (context.Images.FindId(reference.ToString()) is null)
                throw BerthException.NotFound($"An image does not exist locally with the tag: {reference.FamiliarRepository}");
            using var client = Connect(reference.Domain, args.List("insecure-registry"), DockerConfig.Default());
            var progress = Progress(context, args.Bool("quiet") ? TextWriter.Null : context.Out);
            using var lastFrame = progress as IDisposable;
            new ImagePusher(context.Images, new RepositoryApi(client, reference.Path), progress).Push(reference, CancellationToken.None).GetAwaiter().GetResult();
            return 0;
        },
    };

    /// <summary>
    /// docker's progress display when the output is berth's own stdout on a terminal: a line per
    /// layer redrawn in place, with byte counts. Plain lines otherwise (a pipe, a file, -q, build's stderr).
    /// </summary>
    static ITransferProgress Progress(CliContext context, TextWriter output)
    {
        var terminal = ReferenceEquals(output, context.Out) && Libc.isatty(1) == 1 && Environment.GetEnvironmentVariable("TERM") != "dumb";
        if (!terminal) return new ProgressLines(output);
        return new ProgressBars(output, Pty.SizeOf(1)?.Columns is { } columns and > 0 ? columns : 80);
    }
}
