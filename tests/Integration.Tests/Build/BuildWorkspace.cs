using Berth.Integration.Tests.Fixtures;

namespace Berth.Integration.Tests.Build;

/// <summary>A temporary build context for one test, and helpers to build it with berth and read what ran.</summary>
public sealed class BuildWorkspace : IDisposable
{
    readonly BerthFixture berth;

    public BuildWorkspace(BerthFixture berth)
    {
        this.berth = berth;
        Dir = Path.Combine(Path.GetTempPath(), "berth-build-it-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Dir);
    }

    public string Dir { get; }

    public BuildWorkspace File(string path, string content)
    {
        var full = Path.Combine(Dir, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllText(full, content);
        return this;
    }

    public BerthResult Build(params string[] flags) => berth.Run(["build", "--progress", "plain", .. flags, Dir], null, TimeSpan.FromMinutes(2));

    /// <summary>The steps a plain-progress build ran (not CACHED), as their instruction text without "[i/n]".</summary>
    public static List<string> Ran(BerthResult result) => Steps(result.Stderr, "DONE");

    public static List<string> Cached(BerthResult result) => Steps(result.Stderr, "CACHED");

    static List<string> Steps(string log, string outcome)
    {
        var names = new Dictionary<string, string>();
        var matched = new List<string>();
        foreach (var line in log.Split('\n'))
        {
            var parts = line.Split(' ', 3);
            if (parts.Length < 2 || !parts[0].StartsWith('#')) continue;
            if (parts[1].StartsWith('[') && parts.Length == 3)
            {
                var text = line[(line.IndexOf(']') + 2)..];
                names[parts[0]] = text;
            }
            else if (parts[1] == outcome && names.TryGetValue(parts[0], out var name) && !name.StartsWith("FROM ", StringComparison.Ordinal)) matched.Add(name);
        }
        return matched;
    }

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}
