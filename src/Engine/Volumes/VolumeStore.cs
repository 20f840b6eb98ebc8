using System.Text.Json;
using Berth.Sys.Errors;
using Berth.Sys.Files;

namespace Berth.Engine.Volumes;

/// <summary>Named volumes: volumes/NAME/_data holds the data, volumes/NAME/volume.json the metadata.</summary>
public sealed class VolumeStore(BerthPaths paths)
{
    public string DataPath(string name) => Path.Combine(paths.Volumes, name, "_data");
    string RecordPath(string name) => Path.Combine(paths.Volumes, name, "volume.json");

    public static void Validate(string name)
    {
        if (name.Length < 2 || !char.IsAsciiLetterOrDigit(name[0]) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
            throw BerthException.Invalid($"\"{name}\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed");
    }

    /// <summary>Creates the volume, or returns the existing one (docker's create is idempotent).</summary>
    public VolumeRecord Create(string? name, Dictionary<string, string>? labels = null, bool anonymous = false)
    {
        name ??= Sys.Interop.SecureRandom.Hex64();
        Validate(name);
        if (TryGet(name) is { } existing) return existing;
        var dir = Path.Combine(paths.Volumes, name);
        Directory.CreateDirectory(DataPath(name));
        var record = new VolumeRecord
        {
            Name = name,
            CreatedAt = DateTimeOffset.Now.ToString("yyyy-MM-ddTHH:mm:sszzz"),
            Mountpoint = DataPath(name),
            Labels = anonymous ? new Dictionary<string, string>(labels ?? []) { [VolumeRecord.AnonymousLabel] = "" } : labels ?? [],
        };
        AtomicFile.Write(RecordPath(name), JsonSerializer.SerializeToUtf8Bytes(record, EngineJson.Default.VolumeRecord));
        _ = dir;
        return record;
    }

    public VolumeRecord? TryGet(string name)
    {
        var path = RecordPath(name);
        return File.Exists(path) ? EngineJson.Read(path, EngineJson.Default.VolumeRecord) : null;
    }

    public VolumeRecord Get(string name) => TryGet(name) ?? throw BerthException.NotFound($"get {name}: no such volume");

    public List<VolumeRecord> List() =>
        Directory.Exists(paths.Volumes)
            ? Directory.EnumerateDirectories(paths.Volumes).Select(d => TryGet(Path.GetFileName(d))).OfType<VolumeRecord>().OrderBy(v => v.Name, StringComparer.Ordinal).ToList()
            : [];

    public void Remove(string name)
    {
        var dir = Path.Combine(paths.Volumes, name);
        if (!Directory.Exists(dir)) throw BerthException.NotFound($"get {name}: no such volume");
        // Rename first so a half-deleted volume never looks whole.
        var doomed = Path.Combine(paths.Volumes, $".del-{name}-{Guid.NewGuid():N}");
        Directory.Move(dir, doomed);
        Images.Snapshots.LayerStore.RemoveTree(doomed);
    }

    public long SizeOf(string name)
    {
        var data = DataPath(name);
        if (!Directory.Exists(data)) return 0;
        return new DirectoryInfo(data).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).Sum(f => f.Length);
    }
}
