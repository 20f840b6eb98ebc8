using Berth.Cli.Parsing;
using Berth.Registry.Server;

namespace Berth.Cli.Commands;

/// <summary>
/// `berth registry serve` and `berth registry gc`. ASP.NET Core is reached only from inside the
/// serve handler, so no other verb (and never the monitor) loads or initializes any of it.
/// </summary>
static class RegistryServeCommands
{
    const string DefaultRoot = "/var/lib/berth-registry";

    public static IEnumerable<CommandSpec> All(CliContext context) => [Serve(context), Gc(context)];

    static CommandSpec Serve(CliContext context) => new()
    {
        Name = "registry serve",
        Usage = "registry serve [OPTIONS]",
        Description = "Run an OCI distribution registry",
        Flags =
        [
            FlagSpec.Value("addr", null, "Address to listen on", "host:port", "127.0.0.1:5000"),
            FlagSpec.Value("root", null, "Storage directory", "dir", DefaultRoot),
            FlagSpec.Value("htpasswd", null, "Require users from this htpasswd file (bcrypt)", "file"),
            FlagSpec.Value("tls-cert", null, "Serve HTTPS with this PEM certificate", "file"),
            FlagSpec.Value("tls-key", null, "The certificate's PEM private key", "file"),
            FlagSpec.Value("token-issuer", null, "Issue bearer tokens at /token under this issuer name", "name"),
            FlagSpec.Bool("anonymous-pull", null, "Allow pulls without credentials"),
            FlagSpec.Bool("read-only", null, "Refuse pushes and deletes"),
        ],
        MaxArgs = 0,
        Run = args => RegistryServer.Run(new RegistryOptions
        {
            Address = args.Value("addr")!,
            Root = Path.GetFullPath(args.Value("root")!),
            Htpasswd = args.Value("htpasswd"),
            TlsCert = args.Value("tls-cert"),
            TlsKey = args.Value("tls-key"),
            TokenIssuer = args.Value("token-issuer"),
            AnonymousPull = args.Bool("anonymous-pull"),
            ReadOnly = args.Bool("read-only"),
        }, context.Err),
    };

    static CommandSpec Gc(CliContext context) => new()
    {
        Name = "registry gc",
        Usage = "registry gc [OPTIONS]",
        Description = "Delete blobs no manifest refers to (run with the registry stopped or read-only)",
        Flags =
        [
            FlagSpec.Value("root", null, "Storage directory", "dir", DefaultRoot),
            FlagSpec.Bool("dry-run", 'd', "Only list what would be deleted"),
        ],
        MaxArgs = 0,
        Run = args =>
        {
            var registry = new RegistryContext(new RegistryOptions { Root = Path.GetFullPath(args.Value("root")!) });
            var (count, bytes) = new RegistryCollector(registry).Collect(args.Bool("dry-run"), context.Out);
            context.Out.WriteLine($"{count} blobs ({bytes} bytes) {(args.Bool("dry-run") ? "eligible for deletion" : "deleted")}");
            return 0;
        },
    };
}
