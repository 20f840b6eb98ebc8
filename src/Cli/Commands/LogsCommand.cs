using Berth.Cli.Parsing;
using Berth.Engine;
using Berth.Engine.Logs;
using Berth.Sys.Interop;

namespace Berth.Cli.Commands;

/// <summary>`logs [-f] [--tail N] [-t] [--since T] [--until T] CONTAINER`</summary>
static class LogsCommand
{
    public static CommandSpec Spec(CliContext context) => new()
    {
        Name = "logs",
        Usage = "logs [OPTIONS] CONTAINER",
        Description = "Fetch the logs of a container",
        Flags =
        [
            FlagSpec.Bool("details", null, "Show extra details provided to logs"),
            FlagSpec.Bool("follow", 'f', "Follow log output"),
            FlagSpec.Value("since", null, "Show logs since timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)"),
            FlagSpec.Value("tail", 'n', "Number of lines to show from the end of the logs", "string", "all"),
            FlagSpec.Bool("timestamps", 't', "Show timestamps"),
            FlagSpec.Value("until", null, "Show logs before a timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)"),
        ],
        MinArgs = 1,
        MaxArgs = 1,
        Run = args => Run(context, args),
    };

    static int Run(CliContext context, ParsedArgs args)
    {
        var record = context.Containers.Get(args.Arguments[0]);
        var tail = args.Value("tail") is { } t && t != "all" ? (int.TryParse(t, out var n) ? n : throw new UsageException($"invalid value for \"tail\": {t}")) : (int?)null;
        var query = new LogQuery(tail, Time(args.Value("since"), "since"), Time(args.Value("until"), "until"));
        var timestamps = args.Bool("timestamps");
        foreach (var entry in LogReader.Read(record.LogPath, query)) Write(entry, timestamps);
        if (!args.Bool("follow") || !record.State.Running) return 0;
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        var followQuery = query with { Tail = null };
        bool StillRunning() => context.Containers.TryLoad(record.Id) is { State.Running: true } or { State.Restarting: true };
        foreach (var entry in LogReader.Follow(record.LogPath, followQuery, StillRunning, cancel.Token)) Write(entry, timestamps);
        return 0;
    }

    static void Write(LogEntry entry, bool timestamps)
    {
        var fd = entry.Stderr ? 2 : 1;
        if (timestamps) Libc.WriteAll(fd, System.Text.Encoding.UTF8.GetBytes(FixedTime(entry) + " "));
        Libc.WriteAll(fd, entry.Line);
    }

    /// <summary>
    /// docker prints log times with all nine fraction digits (its RFC3339NanoFixed), so that they line
    /// up; the log stores them with trailing zeros trimmed. Padding the stored text keeps every digit.
    /// </summary>
    static string FixedTime(LogEntry entry)
    {
        var text = entry.RawTime.EndsWith('Z') ? entry.RawTime : Clock.Format(entry.Time);
        var dot = text.IndexOf('.');
        var fraction = dot < 0 ? "" : text[(dot + 1)..^1];
        return (dot < 0 ? text[..^1] : text[..dot]) + "." + fraction.PadRight(9, '0')[..9] + "Z";
    }

    /// <summary>An RFC 3339 time, a Unix timestamp, or a duration back from now ("10m").</summary>
    public static DateTimeOffset? Time(string? text, string flag)
    {
        if (string.IsNullOrEmpty(text)) return null;
        if (DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time)) return time;
        if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var unix))
            return DateTimeOffset.UnixEpoch.AddSeconds(unix);
        return DateTimeOffset.UtcNow - Durations.Parse(text, flag);
    }
}
