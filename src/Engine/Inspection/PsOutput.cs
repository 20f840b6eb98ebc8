using Berth.Sys.Errors;

namespace Berth.Engine.Inspection;

/// <summary>
/// Reads the host's ps output as dockerd does: the header names the columns, the PID column picks
/// the container's rows, and the last column (the command) keeps its spaces.
/// </summary>
public static class PsOutput
{
    public static ProcessTable Parse(string output, IReadOnlyCollection<int> pids)
    {
        var lines = output.Split('\n');
        var titles = Fields(lines[0]);
        var pidColumn = Array.IndexOf(titles, "PID");
        if (pidColumn < 0) throw BerthException.Invalid("Couldn't find PID field in ps output: add pid to ps's columns (-o pid,...)");
        var rows = new List<IReadOnlyList<string>>();
        var previousWasOurs = false;
        foreach (var line in lines.Skip(1))
        {
            var fields = Fields(line);
            if (fields.Length <= pidColumn) continue;
            // With -m, ps lists a process's threads on lines whose PID is "-": they belong to the row above.
            if (fields[pidColumn] == "-")
            {
                if (previousWasOurs) rows.Add(Row(fields, titles.Length));
                continue;
            }
            if (!int.TryParse(fields[pidColumn], out var pid)) throw BerthException.Internal($"Unexpected pid '{fields[pidColumn]}' in ps output");
            previousWasOurs = pids.Contains(pid);
            if (previousWasOurs) rows.Add(Row(fields, titles.Length));
        }
        return new ProcessTable(titles, rows);
    }

    /// <summary>Splits on ASCII whitespace only, as docker does (a command may hold other spaces).</summary>
    static string[] Fields(string line) => line.Split([' ', '\t', '\r', '\v', '\f'], StringSplitOptions.RemoveEmptyEntries);

    static IReadOnlyList<string> Row(string[] fields, int columns)
    {
        if (fields.Length <= columns) return fields;
        return [.. fields.Take(columns - 1), string.Join(' ', fields.Skip(columns - 1))];
    }
}
