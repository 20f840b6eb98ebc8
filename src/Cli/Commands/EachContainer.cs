using Berth.Engine.Containers;
using Berth.Sys.Errors;

namespace Berth.Cli.Commands;

/// <summary>docker's multi-container verbs: act on each, print its name, report failures per name, exit 1 if any failed.</summary>
static class EachContainer
{
    public static int Apply(CliContext context, IEnumerable<string> names, Action<ContainerRecord> action, bool echo = true)
    {
        var failed = 0;
        foreach (var name in names)
        {
            try
            {
                action(context.Containers.Get(name));
                if (echo) context.Out.WriteLine(name);
            }
            catch (BerthException e)
            {
                context.Err.WriteLine($"Error: {e.Message}");
                failed++;
            }
        }
        return failed > 0 ? 1 : 0;
    }
}
