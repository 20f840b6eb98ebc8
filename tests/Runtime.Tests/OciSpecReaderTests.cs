using Berth.Runtime.Spec;

namespace Berth.Runtime.Tests;

/// <summary>The DOM reader must see exactly what the typed writer wrote, for every field berth uses.</summary>
public class OciSpecReaderTests
{
    static readonly OciSpec Full = new()
    {
        Process = new OciProcess
        {
            Terminal = true,
            ConsoleSize = new OciBox(24, 80),
            User = new OciUser { Uid = 1000, Gid = 100, Umask = 0x12, AdditionalGids = [5, 6] },
            Args = ["/bin/sh", "-c", "echo \"quoted\" ünï"],
            Env = ["PATH=/bin", "A=b=c"],
            Cwd = "/work",
            Capabilities = new OciCapabilities { Bounding = ["CAP_CHOWN"], Effective = ["CAP_CHOWN"], Permitted = ["CAP_CHOWN"], Inheritable = [], Ambient = ["CAP_KILL"] },
            Rlimits = [new OciRlimit("RLIMIT_NOFILE", 1024, 512)],
            NoNewPrivileges = true,
            OomScoreAdj = -500,
        },
        Root = new OciRoot { Path = "/run/x/rootfs", Readonly = true },
        Hostname = "h",
        Domainname = "d",
        Mounts = [new OciMount { Destination = "/proc", Type = "proc", Source = "proc", Options = ["nosuid"] }, new OciMount { Destination = "/x" }],
        Linux = new OciLinux
        {
            Namespaces = [new OciNamespace("pid"), new OciNamespace("network", "/proc/1/ns/net")],
            Resources = new OciResources
            {
                Devices = [new OciDeviceRule { Allow = false, Access = "rwm" }, new OciDeviceRule { Allow = true, Type = "c", Major = 1, Minor = 3, Access = "rwm" }],
                Memory = new OciMemory { Limit = 1 << 26, Swap = -1, Reservation = 10, Swappiness = 60, DisableOomKiller = true },
                Cpu = new OciCpu { Shares = 512, Quota = 50000, Period = 100000, Cpus = "0-1", Mems = "0" },
                Pids = new OciPids(100),
            },
            CgroupsPath = "berth/abc",
            Devices = [new OciDevice { Path = "/dev/fuse", Type = "c", Major = 10, Minor = 229, FileMode = 0x1b6, Uid = 0, Gid = 0 }],
            RootfsPropagation = "rslave",
            MaskedPaths = ["/proc/kcore"],
            ReadonlyPaths = ["/proc/sys"],
            Sysctl = new() { ["net.ipv4.ip_forward"] = "1" },
        },
        Annotations = new() { [Annotations.RootfsOverlay] = "lowerdir=l/a,upperdir=/u,workdir=/w" },
    };

    [Fact]
    public void ReadsBackEverythingTheWriterWrote()
    {
        var json = RuntimeJson.Serialize(Full);
        var read = OciSpecReader.Parse(json);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(json), System.Text.Encoding.UTF8.GetString(RuntimeJson.Serialize(read)));
    }

    [Fact]
    public void MinimalSpecGetsDefaults()
    {
        var spec = OciSpecReader.Parse("{\"process\":{\"args\":[\"true\"]}}"u8.ToArray());
        Assert.Equal("/", spec.Process!.Cwd);
        Assert.Equal(0u, spec.Process.User.Uid);
        Assert.Null(spec.Linux);
    }

    [Fact]
    public void MalformedSpecIsAClearError()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "{\"process\": ");
        var error = Assert.Throws<Berth.Sys.Errors.BerthException>(() => OciSpecReader.Read(path));
        Assert.Contains("invalid runtime spec", error.Message);
        File.Delete(path);
    }
}
