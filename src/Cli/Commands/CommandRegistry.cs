using System.Text;
using Berth.Cli.Parsing;

namespace Berth.Cli.Commands;

/// <summary>Every verb berth has, including docker's management-command spellings ("container ls", "image rm").</summary>
public sealed class CommandRegistry
{
    readonly Dictionary<string, CommandSpec> _commands = new();

    public static CommandRegistry Build(CliContext context)
    {
        var registry = new CommandRegistry();
        foreach (var command in ContainerCommands.All(context)) registry.Add(command);
        foreach (var command in ImageCommands.All(context)) registry.Add(command);
        foreach (var command in VolumeCommands.All(context)) registry.Add(command);
        foreach (var command in SystemCommands.All(context)) registry.Add(command);
        foreach (var command in ImageUpkeepCommands.All(context)) registry.Add(command);
        foreach (var command in RegistryCommands.All(context)) registry.Add(command);
        foreach (var command in BuildCommands.All(context)) registry.Add(command);
        foreach (var command in NetworkCommands.All(context)) registry.Add(command);
        return registry;
    }

    void Add(CommandSpec command)
    {
        _commands[command.Name] = command;
        foreach (var alias in command.Aliases) _commands[alias] = command;
    }

    public CommandSpec? Find(string name) => _commands.GetValueOrDefault(name);

    /// <summary>Two-word names first ("volume ls"), then one-word ones ("ps").</summary>
    public (CommandSpec? Command, IReadOnlyList<string> Remaining) Resolve(IReadOnlyList<string> words)
    {
        if (words.Count >= 2 && _commands.TryGetValue($"{words[0]} {words[1]}", out var two)) return (two, words.Skip(2).ToList());
        if (_commands.TryGetValue(words[0], out var one)) return (one, words.Skip(1).ToList());
        return (null, []);
    }

    public string Overview()
    {
        var text = new StringBuilder("\nUsage:  berth [OPTIONS] COMMAND\n\nA Docker-compatible container platform: build, ship and run containers, without a daemon.\n\nCommands:\n");
        var primary = _commands.Values.Distinct().Where(c => !c.Name.Contains(' ')).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        foreach (var command in primary) text.Append($"  {command.Name,-10} {command.Description}\n");
        text.Append("\nManagement Commands:\n  container  Manage containers\n  image      Manage images\n  volume     Manage volumes\n  network    Manage networks\n  system     Manage berth\n");
        text.Append("\nGlobal Options:\n      --root string   Root directory of persistent state (default \"/var/lib/berth\")\n  -v, --version       Print version information and quit\n");
        text.Append("\nRun 'berth COMMAND --help' for more information on a command.\n");
        return text.ToString();
    }
}
