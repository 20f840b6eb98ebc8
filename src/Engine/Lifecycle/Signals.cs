using Berth.Sys.Errors;

namespace Berth.Engine.Lifecycle;

/// <summary>Signal names and numbers as docker accepts them: "SIGTERM", "TERM", "term" or "15".</summary>
public static class Signals
{
    static readonly string[] Names =
    [
        "", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM",
        "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF",
        "WINCH", "IO", "PWR", "SYS",
    ];

    public static int Parse(string? text, int fallback = 15)
    {
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (int.TryParse(text, out var number) && number is > 0 and < 65) return number;
        var name = text.Trim().ToUpperInvariant();
        if (name.StartsWith("SIG")) name = name[3..];
        if (name == "IOT") name = "ABRT";
        if (name == "CLD") name = "CHLD";
        if (name == "POLL") name = "IO";
        var index = Array.IndexOf(Names, name);
        if (index > 0) return index;
        if (name.StartsWith("RTMIN") || name.StartsWith("RTMAX"))
        {
            var offset = name.Length > 5 && int.TryParse(name[5..], out var o) ? o : 0;
            return name.StartsWith("RTMIN") ? 34 + offset : 64 + offset;
        }
        throw BerthException.Invalid($"invalid signal: {text}");
    }
}
