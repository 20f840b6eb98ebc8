using Berth.Cli.Parsing;

namespace Berth.Cli;

/// <summary>docker's prune prompt: "Are you sure you want to continue? [y/N]", skipped with --force.</summary>
static class Confirm
{
    public static bool Ask(CliContext context, ParsedArgs args, string warning)
    {
        if (args.Bool("force")) return true;
        context.Out.Write($"{warning}\nAre you sure you want to continue? [y/N] ");
        context.Out.Flush();
        var answer = Console.In.ReadLine()?.Trim().ToLowerInvariant();
        return answer is "y" or "yes";
    }
}
