using Berth.Runtime.Spec;
using Berth.Sys.Interop;

namespace Berth.Runtime.Cgroups;

/// <summary>cgroup v2: one unified directory; processes start inside it through CLONE_INTO_CGROUP.</summary>
public sealed class CgroupV2 : ICgroup
{
    readonly string _root;
    readonly string _dir;

    public CgroupV2(string root, string path)
    {
        _root = root;
        Path = path.Trim('/');
        _dir = System.IO.Path.Combine(root, Path);
    }

    public string Path { get; }
    public CgroupVersion Version => CgroupVersion.V2;
    public bool Exists => Directory.Exists(_dir);

    public void Create(OciResources? resources)
    {
        EnableControllersDownTo(_dir);
        Directory.CreateDirectory(_dir);
        if (resources is not null) Apply(resources);
    }

    /// <summary>A v2 controller works in a cgroup only if every ancestor enables it in cgroup.subtree_control.</summary>
    void EnableControllersDownTo(string dir)
    {
        var available = (CgroupFiles.Read(_root, "cgroup.controllers") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var wanted = available.Where(c => c is "cpu" or "memory" or "pids" or "io" or "cpuset").Select(c => "+" + c);
        var enable = string.Join(' ', wanted);
        if (enable.Length == 0) return;
        var current = _root;
        foreach (var part in System.IO.Path.GetRelativePath(_root, System.IO.Path.GetDirectoryName(dir)!).Split('/'))
        {
            if (part == ".") break;
            TryEnable(current, enable);
            current = System.IO.Path.Combine(current, part);
            Directory.CreateDirectory(current);
        }
        TryEnable(current, enable);
    }

    static void TryEnable(string dir, string enable)
    {
        try { File.WriteAllText(System.IO.Path.Combine(dir, "cgroup.subtree_control"), enable); }
        catch (IOException) { /* a controller may be held by a threaded or domain-invalid subtree; limits then fail loudly */ }
    }

    void Apply(OciResources resources)
    {
        if (resources.Memory is { } memory)
        {
            if (memory.Limit is { } limit) CgroupFiles.Write(_dir, "memory.max", limit > 0 ? limit.ToString() : "max");
            if (memory.Swap is { } swap && memory.Limit is { } memLimit && File.Exists(System.IO.Path.Combine(_dir, "memory.swap.max")))
                CgroupFiles.Write(_dir, "memory.swap.max", swap < 0 ? "max" : Math.Max(0, swap - memLimit).ToString());
            if (memory.Reservation is { } low) CgroupFiles.Write(_dir, "memory.low", low.ToString());
            if (memory.DisableOomKiller == true) CgroupFiles.Write(_dir, "memory.oom.group", "0");
        }
        if (resources.Cpu is { } cpu)
        {
            if (cpu.Shares is { } shares and > 0) CgroupFiles.Write(_dir, "cpu.weight", SharesToWeight(shares).ToString());
            if (cpu.Quota is { } quota)
                CgroupFiles.Write(_dir, "cpu.max", $"{(quota > 0 ? quota.ToString() : "max")} {cpu.Period ?? 100000}");
            if (!string.IsNullOrEmpty(cpu.Cpus)) CgroupFiles.Write(_dir, "cpuset.cpus", cpu.Cpus);
            if (!string.IsNullOrEmpty(cpu.Mems)) CgroupFiles.Write(_dir, "cpuset.mems", cpu.Mems);
        }
        if (resources.Pids is { } pids) CgroupFiles.Write(_dir, "pids.max", pids.Limit > 0 ? pids.Limit.ToString() : "max");
    }

    /// <summary>v1 cpu.shares [2, 262144] onto v2 cpu.weight [1, 10000], the conversion runc and crun share.</summary>
    public static ulong SharesToWeight(ulong shares) => shares == 0 ? 100 : 1 + (Math.Clamp(shares, 2, 262144) - 2) * 9999 / 262142;

    public int OpenForClone() =>
        Libc.Check(Libc.open(_dir, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0), $"open cgroup {_dir}");

    public void AddProcess(int pid) => CgroupFiles.Write(_dir, "cgroup.procs", pid.ToString());
    public IReadOnlyList<int> Processes() => CgroupFiles.ReadPids(_dir);
    public void Freeze() => SetFrozen(true);
    public void Thaw() => SetFrozen(false);
    public bool IsFrozen() => CgroupFiles.ReadKey(_dir, "cgroup.events", "frozen") == 1;

    void SetFrozen(bool frozen)
    {
        CgroupFiles.Write(_dir, "cgroup.freeze", frozen ? "1" : "0");
        for (var i = 0; i < 500 && IsFrozen() != frozen; i++) Thread.Sleep(1);
    }

    public void KillAll()
    {
        if (!Exists || Processes().Count == 0) return;
        if (File.Exists(System.IO.Path.Combine(_dir, "cgroup.kill")))
        {
            CgroupFiles.Write(_dir, "cgroup.kill", "1");
            return;
        }
        Freeze();
        foreach (var pid in Processes()) Libc.kill(pid, Libc.SIGKILL);
        Thaw();
    }

    public void Destroy() => CgroupFiles.RemoveDirectory(_dir);

    public CgroupStats ReadStats()
    {
        long read = 0, write = 0;
        foreach (var line in (CgroupFiles.Read(_dir, "io.stat") ?? "").Split('\n'))
            foreach (var pair in line.Split(' '))
            {
                if (pair.StartsWith("rbytes=") && long.TryParse(pair[7..], out var r)) read += r;
                if (pair.StartsWith("wbytes=") && long.TryParse(pair[7..], out var w)) write += w;
            }
        return new CgroupStats(
            MemoryUsage: CgroupFiles.ReadLong(_dir, "memory.current"),
            MemoryLimit: CgroupFiles.ReadLong(_dir, "memory.max", long.MaxValue),
            MemoryInactiveFile: CgroupFiles.ReadKey(_dir, "memory.stat", "inactive_file"),
            CpuUsageNanoseconds: (ulong)CgroupFiles.ReadKey(_dir, "cpu.stat", "usage_usec") * 1000,
            PidsCurrent: CgroupFiles.ReadLong(_dir, "pids.current"),
            PidsLimit: CgroupFiles.ReadLong(_dir, "pids.max", 0),
            BlockRead: read,
            BlockWrite: write);
    }

    public long OomKills() => CgroupFiles.ReadKey(_dir, "memory.events", "oom_kill");
}
