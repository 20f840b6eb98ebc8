using Berth.Sys.Interop;

namespace Berth.Runtime.Init;

/// <summary>Finds the command in the container's PATH, with docker's messages and exit codes (127, 126).</summary>
static class CommandLookup
{
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public static string Resolve(string command, IReadOnlyList<string>? env)
    {
        if (command.Length == 0) throw new InitException(127, "exec: \"\": executable file not found in $PATH");
        if (command.Contains('/'))
        {
            Check(command, out var problem);
            if (problem is not null) throw problem;
            return command;
        }
        var path = env?.LastOrDefault(e => e.StartsWith("PATH=", StringComparison.Ordinal))?[5..] ?? DefaultPath;
        InitException? denied = null;
        foreach (var dir in path.Split(':'))
        {
            var candidate = Path.Combine(dir.Length == 0 ? "." : dir, command);
            Check(candidate, out var problem);
            if (problem is null) return candidate;
            if (problem.ExitCode == 126) denied ??= problem;
        }
        throw denied ?? new InitException(127, $"exec: \"{command}\": executable file not found in $PATH");
    }

    static void Check(string path, out InitException? problem)
    {
        problem = null;
        if (Libc.statx(Libc.AT_FDCWD, path, 0, Libc.STATX_BASIC_STATS, out var st) < 0)
            problem = new InitException(127, $"exec: \"{path}\": stat {path}: no such file or directory");
        else if (st.IsDirectory)
            problem = new InitException(126, $"exec: \"{path}\": is a directory");
        else if ((st.Mode & 0x49) == 0) // no x bit for anyone
            problem = new InitException(126, $"exec: \"{path}\": permission denied");
    }
}
