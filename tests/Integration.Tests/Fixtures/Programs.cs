using System.Diagnostics;

namespace Berth.Integration.Tests.Fixtures;

/// <summary>Runs a host program with a chosen environment (another BERTH_ROOT, DOCKER_CONFIG), stdin piped.</summary>
public static class Programs
{
    public static BerthResult Run(string program, IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment = null,
        byte[]? stdin = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = new MemoryStream();
        var copyOut = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null) process.StandardInput.BaseStream.Write(stdin);
        process.StandardInput.Close();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish");
        }
        copyOut.Wait();
        return new BerthResult(process.ExitCode, stdout.ToArray(), stderr.Result);
    }
}
