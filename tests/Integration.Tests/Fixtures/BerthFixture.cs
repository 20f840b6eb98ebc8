using System.Diagnostics;

namespace Berth.Integration.Tests.Fixtures;

/// <summary>
/// A private berth state root (BERTH_ROOT=/tmp/berth-it-RANDOM) with the busybox image imported,
/// shared by one test class (IClassFixture&lt;BerthFixture&gt;). Runs the real binary that
/// `make all` builds; on Dispose removes every container in the root, then the root.
/// </summary>
public sealed class BerthFixture : IDisposable
{
    public const string Image = "busybox";

    public BerthFixture()
    {
        var unique = $"it-{Guid.NewGuid():N}"[..15];
        Root = Path.Combine(Path.GetTempPath(), "berth-" + unique);
        // An explicit run root names the cgroup parent too ("berth-it-…"), so Dispose can find and remove both.
        RunRoot = Path.Combine("/run/berth/roots", unique);
        Directory.CreateDirectory(Root);
        Binary = Environment.GetEnvironmentVariable("BERTH_BIN") ?? Path.Combine(RepoRoot(), "build", "bin", "berth");
        if (!File.Exists(Binary)) throw new InvalidOperationException($"{Binary} is missing: run `make all` first");
        ImportBusybox();
    }

    public string Root { get; }
    public string RunRoot { get; }
    public string Binary { get; }

    public BerthResult Run(params string[] args) => Run(args, null);

    /// <summary>Runs `berth ARGS` with this fixture's root; <paramref name="stdin"/>, when given, is piped in and closed.</summary>
    public BerthResult Run(IReadOnlyList<string> args, byte[]? stdin, TimeSpan? timeout = null) => RunProgram(Binary, args, stdin, timeout);

    /// <summary>Runs any host program (a shell, `script`) with this fixture's BERTH_ROOT and BERTH_RUNROOT in its environment.</summary>
    public BerthResult RunProgram(string program, IReadOnlyList<string> args, byte[]? stdin = null, TimeSpan? timeout = null)
    {
        using var process = Start(program, args);
        var stdout = new MemoryStream();
        var copyOut = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null) process.StandardInput.BaseStream.Write(stdin);
        process.StandardInput.Close();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish");
        }
        copyOut.Wait();
        return new BerthResult(process.ExitCode, stdout.ToArray(), stderr.Result);
    }

    /// <summary>Starts `berth ARGS` and returns at once, its stdio redirected: for commands that follow (logs -f) or block (wait).</summary>
    public Process Start(params string[] args) => Start(Binary, args);

    Process Start(string program, IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["BERTH_ROOT"] = Root;
        start.Environment["BERTH_RUNROOT"] = RunRoot;
        return Process.Start(start)!;
    }

    /// <summary>`berth inspect -f TEMPLATE NAME`, trimmed.</summary>
    public string Inspect(string name, string template) => Run("inspect", "-f", template, name).Ok().Stdout.Trim();

    public string Id(string name) => Inspect(name, "{{.Id}}");

    /// <summary>Starts `sleep` detached in a new container and returns its name.</summary>
    public string RunSleeping(params string[] runFlags)
    {
        var name = UniqueName();
        Run(["run", "-d", "--name", name, .. runFlags, Image, "sleep", "300"], null).Ok();
        return name;
    }

    /// <summary>Creates a `sleep` container without starting it (its overlay never mounted) and returns its name.</summary>
    public string CreateSleeping()
    {
        var name = UniqueName();
        Run(["create", "--name", name, Image, "sleep", "300"], null).Ok();
        return name;
    }

    public static string UniqueName() => "it-" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>Mounts left under the root: a command that mounted something must have unmounted it.</summary>
    public IReadOnlyList<string> MountsUnderRoot() =>
        File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4]).Where(m => m.StartsWith(Root + "/", StringComparison.Ordinal)).ToList();

    /// <summary>Host mounts under the root or the run root (a container's own mounts live in its mount namespace, not here).</summary>
    public IReadOnlyList<string> MountsUnderRoots() =>
        File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4])
            .Where(m => m.StartsWith(Root + "/", StringComparison.Ordinal) || m.StartsWith(RunRoot + "/", StringComparison.Ordinal)).ToList();

    /// <summary>The cgroup directory under which this root's containers get theirs: "berth-" and the run root's name.</summary>
    public string CgroupParent => "berth-" + Path.GetFileName(RunRoot);

    public static bool CgroupV2 => File.Exists("/sys/fs/cgroup/cgroup.controllers");

    /// <summary>Container cgroups under this root's parent, in every hierarchy: "memory/ID" on v1, "ID" on v2.</summary>
    public IReadOnlyList<string> ContainerCgroups() =>
        CgroupParentDirs().SelectMany(parent =>
        {
            var hierarchy = Path.GetRelativePath("/sys/fs/cgroup", Path.GetDirectoryName(parent)!);
            return Directory.EnumerateDirectories(parent).Select(d => hierarchy == "." ? Path.GetFileName(d) : $"{hierarchy}/{Path.GetFileName(d)}");
        }).ToList();

    /// <summary>IDs of containers that have a cgroup in at least one hierarchy.</summary>
    public IReadOnlySet<string> CgroupIds() => ContainerCgroups().Select(Path.GetFileName).OfType<string>().ToHashSet();

    IEnumerable<string> CgroupParentDirs() =>
        Directory.EnumerateDirectories("/sys/fs/cgroup").Select(c => Path.Combine(c, CgroupParent)).Append(Path.Combine("/sys/fs/cgroup", CgroupParent)).Where(Directory.Exists);

    /// <summary>Container directories (records) under the root; ".del-" ones being removed do not count.</summary>
    public IReadOnlyList<string> ContainerDirIds() => HexDirectories(Path.Combine(Root, "containers"));

    /// <summary>Run directories (bundles) under the run root.</summary>
    public IReadOnlyList<string> RunDirIds() => HexDirectories(Path.Combine(RunRoot, "containers"));

    static IReadOnlyList<string> HexDirectories(string parent) =>
        Directory.Exists(parent) ? Directory.EnumerateDirectories(parent).Select(Path.GetFileName).OfType<string>().Where(n => n.Length == 64 && n.All(char.IsAsciiHexDigitLower)).ToList() : [];

    public Leftovers Leftovers() => new(
        ContainerDirIds(), RunDirIds(), ContainerCgroups(), MountsUnderRoots(),
        Entries(Path.Combine(Root, "volumes")), Entries(Path.Combine(Root, "names")));

    static IReadOnlyList<string> Entries(string dir) =>
        Directory.Exists(dir) ? Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName).OfType<string>().ToList() : [];

    /// <summary>The image store's files: unpacked layers, their short links, content blobs and in-flight ingests.</summary>
    public IReadOnlyList<string> StoreEntries() =>
        new[] { "layers", "l", "content/blobs/sha256", "content/ingest" }
            .SelectMany(dir => Entries(Path.Combine(Root, dir)).Select(name => $"{dir}/{name}")).Order(StringComparer.Ordinal).ToList();

    /// <summary>Fails naming whatever appeared since <paramref name="before"/>: directories, cgroups, mounts, volumes or names.</summary>
    public void AssertNothingLeftSince(Leftovers before)
    {
        var added = Leftovers().Since(before);
        Assert.True(added.IsEmpty, $"left behind: {added}");
    }

    void ImportBusybox()
    {
        var tarball = Path.Combine(Root, "busybox-rootfs.tar");
        WriteBusyboxRootfs(tarball);
        Run("import", tarball, Image).Ok();
        File.Delete(tarball);
    }

    /// <summary>Writes the busybox root filesystem tarball (examples/busybox-rootfs.sh) to <paramref name="tarball"/>, for imports of its own.</summary>
    public static void WriteBusyboxRootfs(string tarball)
    {
        using var script = Process.Start(new ProcessStartInfo(Path.Combine(RepoRoot(), "examples", "busybox-rootfs.sh"), tarball) { UseShellExecute = false })!;
        script.WaitForExit();
        if (script.ExitCode != 0) throw new InvalidOperationException("examples/busybox-rootfs.sh failed: apt-get install busybox-static");
    }

    static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "berth.slnx"))) return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root (berth.slnx) above the test binaries");
    }

    public void Dispose()
    {
        var ids = Run("ps", "-aq", "--no-trunc").Lines;
        if (ids.Length > 0) Run(["rm", "-f", .. ids], null);
        // Networks a test left (a failed one) take their bridges and rules with them.
        Run("network", "prune", "-f");
        foreach (var mount in MountsUnderRoot()) Berth.Sys.Interop.Libc.umount2(mount, Berth.Sys.Interop.Libc.MNT_DETACH);
        RemoveTree(Root);
        RemoveTree(RunRoot);
        RemoveCgroupParents();
    }

    /// <summary>Each container's cgroup goes with it; the per-root parent ("berth-it-…") stays unless removed.</summary>
    void RemoveCgroupParents()
    {
        foreach (var dir in CgroupParentDirs().ToList())
        {
            try { Directory.Delete(dir); }
            catch (IOException) { /* still populated: a container outlived rm -f, which the tests report elsewhere */ }
        }
    }

    /// <summary>rm -rf: layers hold read-only directories that Directory.Delete trips on.</summary>
    static void RemoveTree(string path)
    {
        using var rm = Process.Start(new ProcessStartInfo("rm", ["-rf", path]) { UseShellExecute = false })!;
        rm.WaitForExit();
    }
}
