using Berth.Runtime.Spec;
using Berth.Sys.Interop;

namespace Berth.Runtime.Cgroups;

/// <summary>cgroup v1: one directory per controller hierarchy; processes are moved in by pid.</summary>
public sealed class CgroupV1 : ICgroup
{
    readonly IReadOnlyDictionary<string, string> _controllers;

    public CgroupV1(IReadOnlyDictionary<string, string> controllers, string path)
    {
        _controllers = controllers;
        Path = path.Trim('/');
    }

    public string Path { get; }
    public CgroupVersion Version => CgroupVersion.V1;

    string? Dir(string controller) =>
        _controllers.TryGetValue(controller, out var root) ? System.IO.Path.Combine(root, Path) : null;

    IEnumerable<string> Dirs() => _controllers.Values.Distinct().Select(root => System.IO.Path.Combine(root, Path));

    public bool Exists => Dir("memory") is { } d && Directory.Exists(d);

    public void Create(OciResources? resources)
    {
        foreach (var (controller, root) in _controllers)
        {
            var dir = System.IO.Path.Combine(root, Path);
            if (controller == "cpuset") CreateCpuset(root, dir);
            else Directory.CreateDirectory(dir);
        }
        if (resources is not null) Apply(resources);
    }

    /// <summary>A new v1 cpuset starts with no cpus and no mems, and refuses tasks until both are set.</summary>
    static void CreateCpuset(string root, string dir)
    {
        var parent = root;
        foreach (var part in System.IO.Path.GetRelativePath(root, dir).Split('/'))
        {
            var child = System.IO.Path.Combine(parent, part);
            if (!Directory.Exists(child))
            {
                Directory.CreateDirectory(child);
                foreach (var file in new[] { "cpuset.cpus", "cpuset.mems" })
                    if (string.IsNullOrEmpty(CgroupFiles.Read(child, file)))
                        CgroupFiles.Write(child, file, CgroupFiles.Read(parent, file) ?? "");
            }
            parent = child;
        }
    }

    void Apply(OciResources resources)
    {
        if (resources.Memory is { } memory && Dir("memory") is { } mem)
        {
            if (memory.Limit is { } limit) CgroupFiles.Write(mem, "memory.limit_in_bytes", limit.ToString());
            if (memory.Swap is { } swap && File.Exists(System.IO.Path.Combine(mem, "memory.memsw.limit_in_bytes")))
                CgroupFiles.Write(mem, "memory.memsw.limit_in_bytes", swap.ToString());
            if (memory.Reservation is { } soft) CgroupFiles.Write(mem, "memory.soft_limit_in_bytes", soft.ToString());
            if (memory.Swappiness is { } swappiness) CgroupFiles.Write(mem, "memory.swappiness", swappiness.ToString());
            if (memory.DisableOomKiller == true) CgroupFiles.Write(mem, "memory.oom_control", "1");
        }
        if (resources.Cpu is { } cpu)
        {
            if (Dir("cpu") is { } cpuDir)
            {
                if (cpu.Shares is { } shares) CgroupFiles.Write(cpuDir, "cpu.shares", shares.ToString());
                if (cpu.Period is { } period) CgroupFiles.Write(cpuDir, "cpu.cfs_period_us", period.ToString());
                if (cpu.Quota is { } quota) CgroupFiles.Write(cpuDir, "cpu.cfs_quota_us", quota.ToString());
            }
            if (Dir("cpuset") is { } cpuset)
            {
                if (!string.IsNullOrEmpty(cpu.Cpus)) CgroupFiles.Write(cpuset, "cpuset.cpus", cpu.Cpus);
                if (!string.IsNullOrEmpty(cpu.Mems)) CgroupFiles.Write(cpuset, "cpuset.mems", cpu.Mems);
            }
        }
        if (resources.Pids is { } pids && Dir("pids") is { } pidsDir)
            CgroupFiles.Write(pidsDir, "pids.max", pids.Limit > 0 ? pids.Limit.ToString() : "max");
        if (resources.Devices is { Count: > 0 } rules && Dir("devices") is { } devices)
            foreach (var rule in rules)
                CgroupFiles.Write(devices, rule.Allow ? "devices.allow" : "devices.deny", DeviceRule.Format(rule));
    }

    public int OpenForClone() => -1;

    public void AddProcess(int pid)
    {
        var text = pid.ToString();
        foreach (var dir in Dirs()) CgroupFiles.Write(dir, "cgroup.procs", text);
    }

    public IReadOnlyList<int> Processes() => Dir("memory") is { } d ? CgroupFiles.ReadPids(d) : [];

    public void Freeze() => SetFreezer("FROZEN");
    public void Thaw() => SetFreezer("THAWED");
    public bool IsFrozen() => Dir("freezer") is { } d && CgroupFiles.Read(d, "freezer.state") is "FROZEN" or "FREEZING";

    void SetFreezer(string state)
    {
        if (Dir("freezer") is not { } dir) throw Sys.Errors.BerthException.Internal("the freezer cgroup controller is not mounted");
        CgroupFiles.Write(dir, "freezer.state", state);
        for (var i = 0; i < 500 && CgroupFiles.Read(dir, "freezer.state") != state; i++) Thread.Sleep(1);
    }

    public void KillAll()
    {
        if (!Exists || Processes().Count == 0) return;
        var canFreeze = Dir("freezer") is { } f && Directory.Exists(f);
        if (canFreeze) Freeze();
        foreach (var pid in Processes()) Libc.kill(pid, Libc.SIGKILL);
        if (canFreeze) Thaw();
    }

    public void Destroy()
    {
        foreach (var dir in Dirs()) CgroupFiles.RemoveDirectory(dir);
    }

    public CgroupStats ReadStats()
    {
        var mem = Dir("memory") ?? "";
        var pids = Dir("pids") ?? "";
        var (read, write) = Dir("blkio") is { } blkio ? BlkioBytes(blkio) : (0, 0);
        return new CgroupStats(
            MemoryUsage: CgroupFiles.ReadLong(mem, "memory.usage_in_bytes"),
            MemoryLimit: CgroupFiles.ReadLong(mem, "memory.limit_in_bytes"),
            MemoryInactiveFile: CgroupFiles.ReadKey(mem, "memory.stat", "total_inactive_file"),
            CpuUsageNanoseconds: (ulong)CgroupFiles.ReadLong(Dir("cpuacct") ?? "", "cpuacct.usage"),
            PidsCurrent: CgroupFiles.ReadLong(pids, "pids.current"),
            PidsLimit: CgroupFiles.ReadLong(pids, "pids.max", 0),
            BlockRead: read,
            BlockWrite: write);
    }

    static (long Read, long Write) BlkioBytes(string dir)
    {
        long read = 0, write = 0;
        var text = CgroupFiles.Read(dir, "blkio.throttle.io_service_bytes") ?? "";
        foreach (var line in text.Split('\n'))
        {
            var parts = line.Split(' ');
            if (parts.Length != 3 || !long.TryParse(parts[2], out var n)) continue;
            if (parts[1] == "Read") read += n;
            else if (parts[1] == "Write") write += n;
        }
        return (read, write);
    }

    public long OomKills() => Dir("memory") is { } d ? CgroupFiles.ReadKey(d, "memory.oom_control", "oom_kill") : 0;
}
