using System.Diagnostics;
using Berth.Sys.Errors;

namespace Berth.Engine.Inspection;

/// <summary>Runs the host's ps, as dockerd's top does: the container's processes are host processes.</summary>
static class HostPs
{
    /// <summary>ps's output, or null when ps rejected the arguments (its complaint goes in <paramref name="error"/>).</summary>
    public static string? Run(IReadOnlyList<string> arguments, out string error)
    {
        var start = new ProcessStartInfo("ps") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        Process ps;
        try
        {
            ps = Process.Start(start) ?? throw BerthException.Internal("ps did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw BerthException.Internal($"run ps: {e.Message}: install procps on the host");
        }
        using (ps)
        {
            var errorText = ps.StandardError.ReadToEndAsync();
            var output = ps.StandardOutput.ReadToEnd();
            ps.WaitForExit();
            error = errorText.Result.Trim();
            return ps.ExitCode == 0 ? output : null;
        }
    }
}
