using System.Text.Json;
using Berth.Sys.Errors;

namespace Berth.Runtime.Spec;

/// <summary>
/// Reads config.json through JsonDocument into the spec records. init, exec-init and the monitor each
/// read one spec per process: System.Text.Json's typed deserializer spends ~3 ms building its metadata
/// on first use, the DOM ~0.1 ms. The seccomp section is not read here: init loads a compiled program.
/// </summary>
public static class OciSpecReader
{
    public static OciSpec Read(string path)
    {
        try
        {
            return Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw BerthException.Invalid($"{path}: invalid runtime spec: {e.Message}");
        }
        catch (InvalidOperationException e)
        {
            throw BerthException.Invalid($"{path}: invalid runtime spec: {e.Message}");
        }
    }

    public static OciSpec Parse(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new OciSpec
        {
            OciVersion = Str(root, "ociVersion") ?? "1.2.0",
            Process = Obj(root, "process") is { } p ? Process(p) : null,
            Root = Obj(root, "root") is { } r ? new OciRoot { Path = Str(r, "path") ?? "rootfs", Readonly = Bool(r, "readonly") } : null,
            Hostname = Str(root, "hostname"),
            Domainname = Str(root, "domainname"),
            Mounts = List(root, "mounts", m => new OciMount
            {
                Destination = Str(m, "destination") ?? "", Type = Str(m, "type"), Source = Str(m, "source"), Options = Strings(m, "options"),
            }),
            Linux = Obj(root, "linux") is { } l ? Linux(l) : null,
            Annotations = Map(root, "annotations"),
        };
    }

    public static OciProcess Process(JsonElement p) => new()
    {
        Terminal = Bool(p, "terminal"),
        ConsoleSize = Obj(p, "consoleSize") is { } c ? new OciBox(UInt(c, "height") ?? 0, UInt(c, "width") ?? 0) : null,
        User = Obj(p, "user") is { } u
            ? new OciUser { Uid = UInt(u, "uid") ?? 0, Gid = UInt(u, "gid") ?? 0, Umask = UInt(u, "umask"), AdditionalGids = List(u, "additionalGids", g => g.GetUInt32()) }
            : new OciUser(),
        Args = Strings(p, "args") ?? [],
        Env = Strings(p, "env"),
        Cwd = Str(p, "cwd") ?? "/",
        Capabilities = Obj(p, "capabilities") is { } caps ? new OciCapabilities
        {
            Bounding = Strings(caps, "bounding"), Effective = Strings(caps, "effective"), Inheritable = Strings(caps, "inheritable"),
            Permitted = Strings(caps, "permitted"), Ambient = Strings(caps, "ambient"),
        } : null,
        Rlimits = List(p, "rlimits", r => new OciRlimit(Str(r, "type") ?? "", ULong(r, "hard") ?? 0, ULong(r, "soft") ?? 0)),
        NoNewPrivileges = Bool(p, "noNewPrivileges"),
        OomScoreAdj = Obj(p, "oomScoreAdj") is { } adj ? adj.GetInt32() : null,
    };

    static OciLinux Linux(JsonElement l) => new()
    {
        Namespaces = List(l, "namespaces", n => new OciNamespace(Str(n, "type") ?? "", Str(n, "path"))),
        Resources = Obj(l, "resources") is { } r ? Resources(r) : null,
        CgroupsPath = Str(l, "cgroupsPath"),
        Devices = List(l, "devices", d => new OciDevice
        {
            Path = Str(d, "path") ?? "", Type = Str(d, "type") ?? "c", Major = Long(d, "major") ?? 0, Minor = Long(d, "minor") ?? 0,
            FileMode = UInt(d, "fileMode"), Uid = UInt(d, "uid"), Gid = UInt(d, "gid"),
        }),
        RootfsPropagation = Str(l, "rootfsPropagation"),
        MaskedPaths = Strings(l, "maskedPaths"),
        ReadonlyPaths = Strings(l, "readonlyPaths"),
        Sysctl = Map(l, "sysctl"),
    };

    static OciResources Resources(JsonElement r) => new()
    {
        Devices = List(r, "devices", d => new OciDeviceRule
        {
            Allow = Bool(d, "allow"), Type = Str(d, "type"), Major = Long(d, "major"), Minor = Long(d, "minor"), Access = Str(d, "access"),
        }),
        Memory = Obj(r, "memory") is { } m ? new OciMemory
        {
            Limit = Long(m, "limit"), Reservation = Long(m, "reservation"), Swap = Long(m, "swap"), Swappiness = ULong(m, "swappiness"),
            DisableOomKiller = Obj(m, "disableOOMKiller") is { } k ? k.GetBoolean() : null,
        } : null,
        Cpu = Obj(r, "cpu") is { } c ? new OciCpu
        {
            Shares = ULong(c, "shares"), Quota = Long(c, "quota"), Period = ULong(c, "period"), Cpus = Str(c, "cpus"), Mems = Str(c, "mems"),
        } : null,
        Pids = Obj(r, "pids") is { } p ? new OciPids(Long(p, "limit") ?? 0) : null,
    };

    static JsonElement? Obj(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    static string? Str(JsonElement e, string name) => Obj(e, name)?.GetString();
    static bool Bool(JsonElement e, string name) => Obj(e, name)?.GetBoolean() ?? false;
    static uint? UInt(JsonElement e, string name) => Obj(e, name)?.GetUInt32();
    static long? Long(JsonElement e, string name) => Obj(e, name)?.GetInt64();
    static ulong? ULong(JsonElement e, string name) => Obj(e, name)?.GetUInt64();

    static List<string>? Strings(JsonElement e, string name) => List(e, name, s => s.GetString() ?? "");

    static List<T>? List<T>(JsonElement e, string name, Func<JsonElement, T> item)
    {
        if (Obj(e, name) is not { ValueKind: JsonValueKind.Array } array) return null;
        var list = new List<T>(array.GetArrayLength());
        foreach (var element in array.EnumerateArray()) list.Add(item(element));
        return list;
    }

    static Dictionary<string, string>? Map(JsonElement e, string name)
    {
        if (Obj(e, name) is not { ValueKind: JsonValueKind.Object } obj) return null;
        var map = new Dictionary<string, string>();
        foreach (var property in obj.EnumerateObject()) map[property.Name] = property.Value.GetString() ?? "";
        return map;
    }
}
