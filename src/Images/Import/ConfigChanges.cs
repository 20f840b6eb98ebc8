using System.Text.Json;
using Berth.Images.Oci;
using Berth.Sys.Errors;

namespace Berth.Images.Import;

/// <summary>
/// `--change` instructions for import and commit: Dockerfile lines that only touch the image config
/// (CMD, ENTRYPOINT, ENV, WORKDIR, USER, EXPOSE, LABEL, VOLUME, STOPSIGNAL, ONBUILD).
/// </summary>
public static class ConfigChanges
{
    public static RunConfig Apply(RunConfig config, IEnumerable<string> changes)
    {
        foreach (var change in changes) config = ApplyOne(config, change.Trim());
        return config;
    }

    static RunConfig ApplyOne(RunConfig config, string change)
    {
        var space = change.IndexOfAny([' ', '\t']);
        var instruction = (space < 0 ? change : change[..space]).ToUpperInvariant();
        var args = space < 0 ? "" : change[(space + 1)..].Trim();
        return instruction switch
        {
            "CMD" => config with { Cmd = CommandForm(args) },
            "ENTRYPOINT" => config with { Entrypoint = CommandForm(args), Cmd = config.Cmd },
            "ENV" => config with { Env = MergeEnv(config.Env, KeyValues(args, "ENV")) },
            "LABEL" => config with { Labels = Merge(config.Labels, KeyValues(args, "LABEL")) },
            "WORKDIR" => config with { WorkingDir = ResolveWorkdir(config.WorkingDir, args) },
            "USER" => config with { User = args },
            "STOPSIGNAL" => config with { StopSignal = args },
            "EXPOSE" => config with { ExposedPorts = AddSet(config.ExposedPorts, args.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(NormalizePort)) },
            "VOLUME" => config with { Volumes = AddSet(config.Volumes, JsonOrWords(args)) },
            "ONBUILD" => config with { OnBuild = [.. config.OnBuild ?? [], args] },
            _ => throw BerthException.Invalid($"{instruction} is not a valid change command: use CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD, USER, VOLUME, STOPSIGNAL or WORKDIR"),
        };
    }

    /// <summary>JSON array form runs as is; shell form runs under /bin/sh -c.</summary>
    public static List<string> CommandForm(string args)
    {
        if (args.StartsWith('[') && TryJsonArray(args, out var list)) return list;
        return ["/bin/sh", "-c", args];
    }

    static IEnumerable<string> JsonOrWords(string args) =>
        args.StartsWith('[') && TryJsonArray(args, out var list) ? list : args.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    static bool TryJsonArray(string text, out List<string> list)
    {
        list = [];
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind != JsonValueKind.Array) return false;
            foreach (var item in doc.RootElement.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String) return false;
                list.Add(item.GetString()!);
            }
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>"K=V K2=\"v 2\"" or the legacy "K V" form.</summary>
    public static List<KeyValuePair<string, string>> KeyValues(string args, string instruction)
    {
        var words = ShellWords.Split(args);
        if (words.Count == 0) throw BerthException.Invalid($"{instruction} requires at least one argument");
        if (!words[0].Contains('='))
        {
            var rest = args[(args.IndexOf(words[0], StringComparison.Ordinal) + words[0].Length)..].Trim();
            return [new(words[0], rest)];
        }
        return words.Select(w =>
        {
            var eq = w.IndexOf('=');
            if (eq <= 0) throw BerthException.Invalid($"{instruction}: \"{w}\" is not KEY=VALUE");
            return new KeyValuePair<string, string>(w[..eq], w[(eq + 1)..]);
        }).ToList();
    }

    public static List<string> MergeEnv(List<string>? env, IEnumerable<KeyValuePair<string, string>> values)
    {
        var result = new List<string>(env ?? []);
        foreach (var (key, value) in values)
        {
            result.RemoveAll(e => e == key || e.StartsWith(key + "=", StringComparison.Ordinal));
            result.Add($"{key}={value}");
        }
        return result;
    }

    static Dictionary<string, string> Merge(Dictionary<string, string>? labels, IEnumerable<KeyValuePair<string, string>> values)
    {
        var result = new Dictionary<string, string>(labels ?? []);
        foreach (var (key, value) in values) result[key] = value;
        return result;
    }

    static Dictionary<string, EmptyObject> AddSet(Dictionary<string, EmptyObject>? set, IEnumerable<string> items)
    {
        var result = new Dictionary<string, EmptyObject>(set ?? []);
        foreach (var item in items) result[item] = new EmptyObject();
        return result;
    }

    public static string NormalizePort(string port) => port.Contains('/') ? port.ToLowerInvariant() : port + "/tcp";

    static string ResolveWorkdir(string? current, string path) =>
        path.StartsWith('/') ? path : Path.Combine(string.IsNullOrEmpty(current) ? "/" : current, path);
}
