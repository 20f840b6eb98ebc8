using Berth.Cli.Commands;
using Berth.Cli.Parsing;
using Berth.Engine;
using Berth.Sys.Errors;

namespace Berth.Cli;

/// <summary>Dispatches `berth [--root DIR] VERB [FLAGS] [ARGS]` to a command, and reports its errors in one line.</summary>
public sealed class CliApp(TextWriter output, TextWriter error)
{
    static readonly CommandSpec Global = new()
    {
        Name = "",
        Usage = "[OPTIONS] COMMAND",
        Description = "A Docker-compatible container platform: build, ship and run containers, without a daemon.",
        Flags =
        [
            FlagSpec.Value("root", null, "Root directory of persistent state (or BERTH_ROOT)", "string", BerthPaths.DefaultRoot),
            FlagSpec.Bool("version", 'v', "Print version information and quit"),
            FlagSpec.Bool("debug", 'D', "Enable debug mode"),
            FlagSpec.Value("log-level", 'l', "Set the logging level", "string", "info"),
        ],
        StopAtFirstArgument = true,
        Run = _ => 0,
    };

    public int Run(string[] args)
    {
        ParsedArgs global;
        try
        {
            global = FlagParser.Parse(Global, args);
        }
        catch (UsageException e)
        {
            error.WriteLine($"berth: {e.Message}\nSee 'berth --help'.");
            return ExitCodes.Usage;
        }
        var context = new CliContext(BerthPaths.FromEnvironment(global.Has("root") ? global.Value("root") : null), output, error);
        var registry = CommandRegistry.Build(context);
        if (global.Bool("version")) return registry.Find("version")!.Run(FlagParser.Parse(registry.Find("version")!, []));
        if (global.Arguments.Count == 0 || global.Bool("help"))
        {
            output.Write(registry.Overview());
            return global.Arguments.Count == 0 && !global.Bool("help") ? 1 : 0;
        }
        var (command, rest) = registry.Resolve(global.Arguments);
        if (command is null)
        {
            error.WriteLine($"berth: '{string.Join(' ', global.Arguments.Take(2))}' is not a berth command.\nSee 'berth --help'");
            return 1;
        }
        return Execute(command, rest);
    }

    int Execute(CommandSpec command, IReadOnlyList<string> args)
    {
        try
        {
            var parsed = FlagParser.Parse(command, args);
            if (parsed.Bool("help"))
            {
                output.Write(HelpText.For(command));
                return 0;
            }
            if (parsed.Arguments.Count < command.MinArgs || parsed.Arguments.Count > command.MaxArgs)
            {
                error.WriteLine($"berth: \"berth {command.Name}\" {ArgCountText(command)}.\nSee 'berth {command.Name} --help'.\n\nUsage:  berth {command.Usage}\n\n{command.Description}");
                return 1;
            }
            return command.Run(parsed);
        }
        catch (UsageException e)
        {
            error.WriteLine($"berth: {e.Message}\nSee 'berth {command.Name} --help'.");
            return ExitCodes.Usage;
        }
        catch (BerthException e)
        {
            error.WriteLine($"Error: {e.Message}");
            return ExitCodes.For(e, command.Name.Split(' ')[^1]);
        }
        catch (IOException e)
        {
            error.WriteLine($"Error: {e.Message}");
            return ExitCodes.For(BerthException.Internal(e.Message), command.Name);
        }
        catch (UnauthorizedAccessException e)
        {
            error.WriteLine($"Error: {e.Message}: berth needs root");
            return ExitCodes.For(BerthException.Internal(e.Message), command.Name);
        }
    }

    static string ArgCountText(CommandSpec command)
    {
        static string Plural(int n) => n == 1 ? "argument" : "arguments";
        if (command.MaxArgs == 0) return "accepts no arguments";
        if (command.MinArgs == command.MaxArgs) return $"requires exactly {command.MinArgs} {Plural(command.MinArgs)}";
        if (command.MaxArgs != int.MaxValue && command.MinArgs == 0) return $"accepts at most {command.MaxArgs} {Plural(command.MaxArgs)}";
        return $"requires at least {command.MinArgs} {Plural(command.MinArgs)}";
    }
}
