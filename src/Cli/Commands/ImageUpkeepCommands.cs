using Berth.Cli.Parsing;

namespace Berth.Cli.Commands;

/// <summary>The image interchange and upkeep verbs: save, load, export, commit, history, image prune, system prune.</summary>
static class ImageUpkeepCommands
{
    public static IEnumerable<CommandSpec> All(CliContext context) =>
    [
        ImageArchiveCommands.Save(context), ImageArchiveCommands.Load(context), ExportCommand.Spec(context), CommitCommand.Spec(context),
        HistoryCommand.Spec(context), PruneCommands.ImagePrune(context), PruneCommands.SystemPrune(context),
    ];
}
