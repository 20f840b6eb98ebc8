using System.Security.Cryptography;
using Berth.Build.Context;
using Berth.Engine;
using Berth.Engine.Specs;
using Berth.Images.Content;
using Berth.Images.Store;
using Berth.Runtime.Launch;
using Berth.Runtime.Spec;
using Berth.Sys.Files;
using Berth.Sys.Interop;
using Microsoft.Win32.SafeHandles;

namespace Berth.Build.Steps;

/// <summary>What a RUN step runs, and on what: the parent's layers (bottom first) and the scratch whose diff/ becomes the upperdir.</summary>
public sealed record RunRequest
{
    public required IReadOnlyList<string> Args { get; init; }
    public required IReadOnlyList<string> Env { get; init; }
    public string Cwd { get; init; } = "/";
    public string? User { get; init; }
    public required IReadOnlyList<Digest> Layers { get; init; }
    public required string Scratch { get; init; }
    /// <summary>none, host or default (default: a network namespace of its own, with loopback only).</summary>
    public string Network { get; init; } = "default";
    public IReadOnlyList<OciMount> Mounts { get; init; } = [];
}

/// <summary>How a RUN command ended: its exit code and the last lines it printed.</summary>
public sealed record RunOutcome(int ExitCode, IReadOnlyList<string> Tail);

/// <summary>
/// Runs a RUN command straight on the runtime, with no container record and no monitor: a bundle
/// in the run root, an overlay of the parent's layers under the step's scratch upperdir (mounted by
/// init inside the container's mount namespace, so nothing stays mounted on the host), the output
/// piped back, and the cgroup and bundle removed whatever happens.
/// </summary>
public sealed class RunSandbox(BerthPaths paths, ImageStore images)
{
    const int TailLines = 10;
    static readonly HashSet<LaunchedContainer> Running = [];
    static volatile bool _cancelled;

    /// <summary>
    /// Interrupts the build (SIGINT, SIGTERM): every RUN in flight is killed through its cgroup, so its
    /// step fails and the normal clean-up removes its cgroup, bundle and scratch; no new RUN starts.
    /// </summary>
    public static bool Cancelled => _cancelled;

    public static void CancelAll()
    {
        _cancelled = true;
        lock (Running)
            foreach (var container in Running) container.Cgroup.KillAll();
    }

    public RunOutcome Run(RunRequest request, Action<string> onLine)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var bundle = Path.Combine(paths.RunRoot, "build", id);
        var work = Path.Combine(request.Scratch, "work");
        Directory.CreateDirectory(work);
        Directory.CreateDirectory(Path.Combine(bundle, "rootfs"));
        // Held while the step runs: a bundle whose lock is free belongs to a build killed by -9, and is swept.
        var held = FileLock.Acquire(Path.Combine(bundle, "lock"));
        try
        {
            var lowers = request.Layers.AsEnumerable().Reverse().Select(images.Layers.DiffPath).ToList();
            var spec = Spec(request, id, bundle, lowers);
            var seccomp = new SeccompPrograms(paths).DefaultProgram(spec.Process!.Capabilities!.Bounding!);
            AtomicFile.Write(Path.Combine(bundle, "config.json"), RuntimeJson.Serialize(spec));
            var outcome = Launch(bundle, spec, seccomp, onLine);
            RemoveMountPoints(spec, request.Scratch, lowers);
            return outcome;
        }
        finally
        {
            Images.Snapshots.LayerStore.RemoveTree(bundle);
            Images.Snapshots.LayerStore.RemoveTree(work);
            held.Dispose();
        }
    }

    /// <summary>
    /// Removes what builds killed with -9 left: their RUN bundles and (empty, their processes died
    /// with them) cgroups. A bundle still locked belongs to a running build and is left alone.
    /// </summary>
    public static void SweepAbandoned(BerthPaths paths)
    {
        var builds = Path.Combine(paths.RunRoot, "build");
        if (!Directory.Exists(builds)) return;
        foreach (var bundle in Directory.EnumerateDirectories(builds))
        {
            using var free = FileLock.TryAcquire(Path.Combine(bundle, "lock"));
            if (free is null && File.Exists(Path.Combine(bundle, "lock"))) continue;
            try
            {
                var cgroup = Runtime.Cgroups.CgroupHierarchy.Detect().Open(paths.CgroupPath(Path.GetFileName(bundle)));
                cgroup.KillAll();
                cgroup.Destroy();
            }
            catch (Exception e) when (e is IOException or Sys.Errors.BerthException) { }
            Images.Snapshots.LayerStore.RemoveTree(bundle);
        }
    }

    static RunOutcome Launch(string bundle, OciSpec spec, string seccomp, Action<string> onLine)
    {
        var (read, write) = Libc.Pipe();
        var devNull = Libc.Check(Libc.open("/dev/null", Libc.O_RDONLY | Libc.O_CLOEXEC, 0), "open /dev/null");
        LaunchedContainer container;
        try
        {
            if (_cancelled) throw new BuildFailedException("the build was interrupted", []);
            container = ContainerLauncher.Launch(bundle, spec, new StdioFds(devNull, write, write), seccomp);
            lock (Running) Running.Add(container);
            if (_cancelled) container.Cgroup.KillAll();
        }
        catch (StartFailedException e)
        {
            Libc.close(read);
            return new RunOutcome(e.ExitCode, [e.Message]);
        }
        catch (Exception)
        {
            Libc.close(read);
            throw;
        }
        finally
        {
            Libc.close(write);
            Libc.close(devNull);
        }
        try
        {
            var tail = ReadOutput(read, onLine);
            return new RunOutcome(Libc.ExitCodeOf(container.Process.Wait()), tail);
        }
        finally
        {
            lock (Running) Running.Remove(container);
            container.Cgroup.KillAll();
            container.Process.Wait();
            container.Cgroup.Destroy();
            container.Process.Dispose();
        }
    }

    static List<string> ReadOutput(int fd, Action<string> onLine)
    {
        var tail = new Queue<string>();
        using var reader = new StreamReader(new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Read, 1 << 14));
        while (reader.ReadLine() is { } line)
        {
            onLine(line);
            tail.Enqueue(line);
            if (tail.Count > TailLines) tail.Dequeue();
        }
        return [.. tail];
    }

    OciSpec Spec(RunRequest request, string id, string bundle, List<string> lowersTopFirst)
    {
        var user = UserResolver.Resolve(request.User, new LayeredFiles(lowersTopFirst));
        var caps = CapabilitySet.Compute(null, null, privileged: false);
        var env = new List<string>(request.Env);
        if (!env.Any(e => e.StartsWith("PATH=", StringComparison.Ordinal))) env.Insert(0, DockerDefaults.DefaultPath);
        if (!env.Any(e => e.StartsWith("HOME=", StringComparison.Ordinal))) env.Add($"HOME={user.Home}");
        var namespaces = new List<OciNamespace> { new("pid"), new("ipc"), new("uts"), new("mount"), new("cgroup") };
        if (request.Network != "host") namespaces.Add(new OciNamespace("network"));
        var mounts = DockerDefaults.SystemMounts(64 << 20, privileged: false);
        if (request.Network == "host") mounts.AddRange(HostNetworkFiles(lowersTopFirst));
        mounts.AddRange(request.Mounts.OrderBy(m => m.Destination.TrimEnd('/').Count(c => c == '/')));
        var lower = lowersTopFirst.Count == 0 ? EmptyLower() : images.Layers.LowerDirs(request.Layers);
        return new OciSpec
        {
            Process = new OciProcess
            {
                User = new OciUser { Uid = user.Uid, Gid = user.Gid, AdditionalGids = user.AdditionalGids },
                Args = [.. request.Args],
                Env = env,
                Cwd = request.Cwd,
                Capabilities = new OciCapabilities { Bounding = caps, Effective = caps, Permitted = caps },
            },
            Root = new OciRoot { Path = Path.Combine(bundle, "rootfs") },
            Hostname = "buildkitsandbox",
            Mounts = mounts,
            Linux = new OciLinux
            {
                Namespaces = namespaces,
                Resources = new OciResources { Devices = DockerDefaults.DeviceRules() },
                CgroupsPath = paths.CgroupPath(id),
                MaskedPaths = [.. DockerDefaults.MaskedPaths],
                ReadonlyPaths = [.. DockerDefaults.ReadonlyPaths],
            },
            Annotations = new Dictionary<string, string>
            {
                [Annotations.RootfsOverlay] = OverlayOptions.For(lower, Path.Combine(request.Scratch, "diff"), Path.Combine(request.Scratch, "work"), disposableUpper: true),
                [Annotations.RootfsOverlayBase] = images.Layers.OverlayBase,
            },
        };
    }

    /// <summary>With the host's network, its resolver and hosts files, where the image has files to mount them on.</summary>
    static IEnumerable<OciMount> HostNetworkFiles(List<string> lowersTopFirst)
    {
        var tree = SourceTree.Layers(lowersTopFirst);
        foreach (var file in new[] { "etc/resolv.conf", "etc/hosts" })
            if (File.Exists("/" + file) && tree.Lookup(file) is { } entry && entry.Stat.IsRegular)
                yield return new OciMount { Destination = "/" + file, Type = "bind", Source = "/" + file, Options = ["rbind", "rprivate", "ro"] };
    }

    string EmptyLower()
    {
        Directory.CreateDirectory(Path.Combine(images.Layers.OverlayBase, "empty"));
        return "empty";
    }

    /// <summary>
    /// init creates a mount point the image lacks (/proc, /run/secrets/x) in the upperdir; it is not
    /// the command's doing and must not become part of the layer. Empty ones are removed, parents too.
    /// </summary>
    static void RemoveMountPoints(OciSpec spec, string scratch, List<string> lowersTopFirst)
    {
        var tree = SourceTree.Layers(lowersTopFirst);
        var upper = Path.Combine(scratch, "diff");
        foreach (var mount in (spec.Mounts ?? []).OrderByDescending(m => m.Destination.Length))
        {
            var relative = ContextPaths.Clean(mount.Destination);
            while (relative.Length > 0 && tree.Lookup(relative) is null)
            {
                var path = Path.Combine(upper, relative);
                if (Libc.statx(Libc.AT_FDCWD, path, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, out var st) < 0) { }
                else if (st.IsDirectory && !Directory.EnumerateFileSystemEntries(path).Any()) Directory.Delete(path);
                else if (st.IsRegular && st.Size == 0) File.Delete(path);
                else break;
                var slash = relative.LastIndexOf('/');
                relative = slash < 0 ? "" : relative[..slash];
            }
        }
    }
}
