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
    public BerthResult Run(IReadOnlyList<string> args, byte[]? stdin, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["BERTH_ROOT"] = Root;
        start.Environment["BERTH_RUNROOT"] = RunRoot;
        using var process = Process.Start(start)!;
        var stdout = new MemoryStream();
        var copyOut = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null) process.StandardInput.BaseStream.Write(stdin);
        process.StandardInput.Close();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"berth {string.Join(' ', args)} did not finish");
        }
        copyOut.Wait();
        return new BerthResult(process.ExitCode, stdout.ToArray(), stderr.Result);
    }

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

    void ImportBusybox()
    {
        var tarball = Path.Combine(Root, "busybox-rootfs.tar");
        var script = Process.Start(new ProcessStartInfo(Path.Combine(RepoRoot(), "examples", "busybox-rootfs.sh"), tarball) { UseShellExecute = false })!;
        script.WaitForExit();
        if (script.ExitCode != 0) throw new InvalidOperationException("examples/busybox-rootfs.sh failed: apt-get install busybox-static");
        Run("import", tarball, Image).Ok();
        File.Delete(tarball);
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
        foreach (var mount in MountsUnderRoot()) Berth.Sys.Interop.Libc.umount2(mount, Berth.Sys.Interop.Libc.MNT_DETACH);
        RemoveTree(Root);
        RemoveTree(RunRoot);
        RemoveCgroupParents();
    }

    /// <summary>Each container's cgroup goes with it; the per-root parent ("berth-it-…") stays unless removed.</summary>
    void RemoveCgroupParents()
    {
        var parent = "berth-" + Path.GetFileName(RunRoot);
        var candidates = Directory.EnumerateDirectories("/sys/fs/cgroup").Select(c => Path.Combine(c, parent)).Append(Path.Combine("/sys/fs/cgroup", parent));
        foreach (var dir in candidates.Where(Directory.Exists))
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
