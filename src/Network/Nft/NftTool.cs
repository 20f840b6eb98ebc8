using System.Diagnostics;
using Berth.Sys.Errors;

namespace Berth.Network.Nft;

/// <summary>Runs the nft tool: a batch through `nft -j -f -`, listings through `nft -j list`.</summary>
public static class NftTool
{
    public static void Apply(NftBatch batch, string what)
    {
        if (batch.IsEmpty) return;
        var (code, _, error) = Run(["-j", "-f", "-"], batch.ToJson());
        if (code != 0) throw BerthException.Internal($"{what}: nft: {FirstLine(error)}");
    }

    /// <summary>The names of berth's tables (family ip) whose names start with <paramref name="prefix"/>.</summary>
    public static List<string> Tables(string prefix)
    {
        var (code, output, error) = Run(["-j", "list", "tables", "ip"], null);
        if (code != 0) throw BerthException.Internal($"list nftables tables: nft: {FirstLine(error)}");
        var names = new List<string>();
        using var document = System.Text.Json.JsonDocument.Parse(output);
        foreach (var item in document.RootElement.GetProperty("nftables").EnumerateArray())
            if (item.TryGetProperty("table", out var table) && table.GetProperty("name").GetString() is { } name && name.StartsWith(prefix, StringComparison.Ordinal))
                names.Add(name);
        return names;
    }

    /// <summary>Deletes a table; quietly does nothing if it is gone already.</summary>
    public static void DeleteTable(string name) => Run(["delete", "table", "ip", name], null);

    static (int Code, string Output, string Error) Run(string[] arguments, byte[]? input)
    {
        var start = new ProcessStartInfo("nft") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        Process process;
        try { process = Process.Start(start)!; }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw BerthException.Internal($"run nft: {e.Message}: install the nftables package");
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (input is not null) process.StandardInput.BaseStream.Write(input);
            process.StandardInput.Close();
            process.WaitForExit();
            return (process.ExitCode, output.Result, error.Result);
        }
    }

    static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "failed";
}
