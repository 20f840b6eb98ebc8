using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Berth.Integration.Tests.Fixtures;

namespace Berth.Integration.Tests.Build;

/// <summary>
/// What a differential build test compares, as sorted text lines so that a failure shows the
/// differing lines: the image config fields docker users rely on, and the file tree (path, type,
/// mode, owner, content digest or link target). Times are left out: they always differ.
/// </summary>
public static class BuildSnapshot
{
    public static readonly string[] ConfigFields =
        ["Env", "Cmd", "Entrypoint", "WorkingDir", "User", "ExposedPorts", "Labels", "Volumes", "StopSignal", "Healthcheck", "Shell", "OnBuild"];

    /// <summary>What `docker create` adds to every container's filesystem, which no build makes.</summary>
    static readonly string[] RuntimeOnly = [".dockerenv", "etc/hosts", "etc/hostname", "etc/resolv.conf", "etc/mtab"];

    public static List<string> Of(string configJson, byte[] rootfsTar)
    {
        var lines = new List<string>();
        var volumes = new HashSet<string>();
        using (var config = JsonDocument.Parse(configJson))
        {
            foreach (var field in ConfigFields)
                lines.Add($"config {field} {Normalize(config.RootElement.TryGetProperty(field, out var value) ? value : default)}");
            if (config.RootElement.TryGetProperty("Volumes", out var declared) && declared.ValueKind == JsonValueKind.Object)
                foreach (var volume in declared.EnumerateObject()) volumes.Add(Clean(volume.Name));
        }
        // docker create makes a declared volume's mount point; that is the container's doing, not the build's.
        lines.AddRange(Tree(rootfsTar).Where(line => !volumes.Any(v => line.StartsWith($"tree /{v} ", StringComparison.Ordinal))));
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    static string Normalize(JsonElement element)
    {
        if (element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null) return "null";
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) Write(writer, element);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            writer.WriteStartObject();
            foreach (var property in element.EnumerateObject().Where(p => p.Value.ValueKind != JsonValueKind.Null).OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                writer.WritePropertyName(property.Name);
                Write(writer, property.Value);
            }
            writer.WriteEndObject();
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            writer.WriteStartArray();
            foreach (var item in element.EnumerateArray()) Write(writer, item);
            writer.WriteEndArray();
        }
        else element.WriteTo(writer);
    }

    static IEnumerable<string> Tree(byte[] tar)
    {
        var contents = new Dictionary<string, string>();
        var lines = new List<(string Path, string Line, string? HardLink)>();
        using var reader = new TarReader(new MemoryStream(tar));
        while (reader.GetNextEntry() is { } entry)
        {
            var path = Clean(entry.Name);
            if (path.Length == 0 || Skipped(path)) continue;
            var mode = Convert.ToString((int)entry.Mode & 0xfff, 8).PadLeft(4, '0');
            var owner = $"{entry.Uid}:{entry.Gid}";
            string kind, detail = "";
            switch (entry.EntryType)
            {
                case TarEntryType.Directory: kind = "dir"; break;
                case TarEntryType.SymbolicLink: kind = "symlink"; detail = entry.LinkName; break;
                case TarEntryType.HardLink: kind = "file"; break;
                case TarEntryType.Fifo: kind = "fifo"; break;
                case TarEntryType.CharacterDevice or TarEntryType.BlockDevice: kind = entry is PosixTarEntry posix ? $"dev {posix.DeviceMajor}:{posix.DeviceMinor}" : "dev"; break;
                default:
                    kind = "file";
                    var data = new MemoryStream();
                    entry.DataStream?.CopyTo(data);
                    detail = Convert.ToHexStringLower(SHA256.HashData(data.ToArray()))[..16];
                    contents[path] = detail;
                    break;
            }
            // A hard link is compared as the file it names: tools differ in which name carries the data.
            lines.Add((path, $"tree /{path} {kind} {mode} {owner}", entry.EntryType == TarEntryType.HardLink ? Clean(entry.LinkName) : null));
            if (entry.EntryType != TarEntryType.HardLink && detail.Length > 0) lines[^1] = (path, lines[^1].Line + " " + detail, null);
        }
        return lines.Select(l => l.HardLink is { } target ? $"{l.Line} {contents.GetValueOrDefault(target, "?")}" : l.Line);
    }

    static string Clean(string name)
    {
        var path = name.StartsWith("./", StringComparison.Ordinal) ? name[2..] : name.TrimStart('/');
        return path.TrimEnd('/');
    }

    static bool Skipped(string path) =>
        RuntimeOnly.Contains(path) || path is "dev" or "proc" or "sys" || path.StartsWith("dev/", StringComparison.Ordinal)
        || path.StartsWith("proc/", StringComparison.Ordinal) || path.StartsWith("sys/", StringComparison.Ordinal);

    /// <summary>The lines only in one of the two, for a failure message that shows just the difference.</summary>
    public static string Difference(IReadOnlyList<string> expected, IReadOnlyList<string> actual, string expectedName, string actualName)
    {
        var text = new StringBuilder();
        foreach (var line in expected.Except(actual)) text.Append($"\n  only in {expectedName}: {line}");
        foreach (var line in actual.Except(expected)) text.Append($"\n  only in {actualName}:  {line}");
        return text.ToString();
    }
}
