using System.Diagnostics;

namespace Berth.Integration.Tests.Fixtures;

/// <summary>
/// A private dockerd (Debian's docker.io) for round trips and differential tests: its own data root,
/// exec root and socket, no bridge and no iptables rules, so it never touches the host's network or
/// another dockerd. When dockerd is not installed or does not come up, <see cref="SkipReason"/> says
/// why and tests skip with <c>Skip.IfNot(docker.Available, docker.SkipReason)</c>.
/// Use as IClassFixture&lt;DockerDaemon&gt;: one daemon per test class.
/// </summary>
public sealed class DockerDaemon : IDisposable
{
    const string Dockerd = "/usr/sbin/dockerd";
    // Debian's client matches Debian's daemon; a newer client elsewhere on PATH may not speak its API version.
    static readonly string Client = File.Exists("/usr/bin/docker") ? "/usr/bin/docker" : "docker";

    readonly Process? daemon;
    readonly string dataRoot = "";
    readonly string execRoot = "";

    public DockerDaemon()
    {
        if (!File.Exists(Dockerd))
        {
            SkipReason = "dockerd is not installed (apt-get install docker.io): docker round trips skipped";
            return;
        }
        var unique = Guid.NewGuid().ToString("N")[..8];
        dataRoot = Path.Combine(Path.GetTempPath(), "berth-it-docker-" + unique);
        // Short: the socket path must fit in sun_path (108 bytes) with containerd's own sockets below it.
        execRoot = "/run/bd-" + unique;
        Directory.CreateDirectory(dataRoot);
        Directory.CreateDirectory(execRoot);
        Socket = Path.Combine(execRoot, "docker.sock");
        var start = new ProcessStartInfo(Dockerd)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
                 {
                     "--iptables=false", "--ip-masq=false", "--ip-forward=false", "--bridge=none",
                     "--data-root", dataRoot, "--exec-root", execRoot, "--pidfile", Path.Combine(execRoot, "dockerd.pid"),
                     "-H", "unix://" + Socket,
                 })
            start.ArgumentList.Add(arg);
        daemon = Process.Start(start)!;
        var log = new System.Text.StringBuilder();
        daemon.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        daemon.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        daemon.BeginOutputReadLine();
        daemon.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline && !daemon.HasExited)
        {
            if (File.Exists(Socket) && Docker("version").Exit == 0)
            {
                Available = true;
                return;
            }
            Thread.Sleep(200);
        }
        string tail;
        lock (log) tail = string.Join(" | ", log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(3));
        SkipReason = $"dockerd did not start within 60 s: {tail}";
    }

    public bool Available { get; }

    public string SkipReason { get; } = "";

    public string Socket { get; } = "";

    /// <summary>Runs `docker -H unix://SOCKET ARGS`; <paramref name="stdin"/>, when given, is piped in.</summary>
    public BerthResult Docker(params string[] args) => Docker(args, null);

    public BerthResult Docker(IReadOnlyList<string> args, byte[]? stdin, TimeSpan? timeout = null) =>
        Programs.Run(Client, ["-H", "unix://" + Socket, .. args],
            new Dictionary<string, string> { ["DOCKER_CONFIG"] = Path.Combine(dataRoot, "client") }, stdin, timeout);

    static bool Under(string path, string root) => path == root || path.StartsWith(root + "/", StringComparison.Ordinal);

    public void Dispose()
    {
        if (daemon is null) return;
        if (!daemon.HasExited)
        {
            // SIGTERM: dockerd then stops its containers and its containerd, which SIGKILL would orphan.
            Berth.Sys.Interop.Libc.kill(daemon.Id, 15);
            if (!daemon.WaitForExit(TimeSpan.FromSeconds(30))) daemon.Kill(entireProcessTree: true);
        }
        daemon.Dispose();
        // dockerd leaves overlay and netns mounts under its roots when killed: detach them, then remove.
        foreach (var mount in File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4])
                     .Where(m => Under(m, dataRoot) || Under(m, execRoot))
                     .OrderByDescending(m => m.Length))
            Berth.Sys.Interop.Libc.umount2(mount, Berth.Sys.Interop.Libc.MNT_DETACH);
        foreach (var dir in new[] { dataRoot, execRoot })
        {
            using var rm = Process.Start(new ProcessStartInfo("rm", ["-rf", dir]) { UseShellExecute = false })!;
            rm.WaitForExit();
        }
    }
}
