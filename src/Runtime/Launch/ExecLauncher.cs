using System.Text.Json;
using Berth.Runtime.Cgroups;
using Berth.Runtime.Spawn;
using Berth.Runtime.Spec;
using Berth.Sys.Interop;

namespace Berth.Runtime.Launch;

/// <summary>
/// Starts a process inside a running container (docker exec): the child is cloned into the
/// container's pid namespace and cgroup, joins its other namespaces in the nsenter constructor
/// before .NET starts, then `berth exec-init` applies the process spec and execs.
/// </summary>
public static class ExecLauncher
{
    /// <summary>Namespaces to join, mount last: after it, host paths are gone.</summary>
    static readonly string[] JoinOrder = ["ipc", "uts", "net", "cgroup", "mnt"];

    public static ChildProcess Launch(int containerPid, OciProcess process, StdioFds stdio, ICgroup cgroup, byte[]? seccompBpf)
    {
        var opened = new List<int>();
        try
        {
            var nsFds = new List<int>();
            foreach (var ns in JoinOrder)
            {
                var fd = OpenNamespace(containerPid, ns);
                if (fd < 0) continue;
                opened.Add(fd);
                nsFds.Add(fd);
            }
            var pidNs = OpenNamespace(containerPid, "pid");
            opened.Add(pidNs);
            var spec = Memfd("exec-process", JsonSerializer.SerializeToUtf8Bytes(new OciSpec { Process = process }, RuntimeJson.Default.OciSpec));
            opened.Add(spec);
            var bpf = Memfd("exec-seccomp", seccompBpf ?? []);
            opened.Add(bpf);
            return Start(stdio, cgroup, nsFds, pidNs, spec, bpf);
        }
        finally
        {
            foreach (var fd in opened) Libc.close(fd);
        }
    }

    static ChildProcess Start(StdioFds stdio, ICgroup cgroup, List<int> nsFds, int pidNs, int spec, int bpf)
    {
        const int FirstNsFd = 7;
        var fds = new List<(int, int)>(stdio.Map()) { (spec, 4), (bpf, 5) };
        for (var i = 0; i < nsFds.Count; i++) fds.Add((nsFds[i], FirstNsFd + i));
        return GatedSpawn.Start(new SpawnRequest
        {
            Arguments = ["berth", "exec-init"],
            Environment = [$"_BERTH_NSENTER={string.Join(',', Enumerable.Range(FirstNsFd, nsFds.Count))}"],
            PidNamespaceFd = pidNs,
            Fds = fds,
        }, cgroup, Init.CgroupGate.ExecFd);
    }

    static int OpenNamespace(int pid, string ns)
    {
        var own = $"/proc/self/ns/{ns}";
        var theirs = $"/proc/{pid}/ns/{ns}";
        // Joining a namespace we already share (e.g. --network host) is pointless and, for mnt, harmful.
        if (File.Exists(own) && Libc.ReadLinkAt(Libc.AT_FDCWD, own) == Libc.ReadLinkAt(Libc.AT_FDCWD, theirs) && ns != "pid") return -1;
        return Libc.Check(Libc.open(theirs, Libc.O_RDONLY | Libc.O_CLOEXEC, 0), $"open {theirs}");
    }

    static int Memfd(string name, byte[] content)
    {
        var fd = Libc.Check(Libc.memfd_create(name, 1 /*MFD_CLOEXEC*/), $"memfd_create {name}");
        Libc.WriteAll(fd, content);
        return fd;
    }
}
