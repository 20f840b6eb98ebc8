using Berth.Cli.Parsing;

namespace Berth.Cli.Commands;

/// <summary>The flags of `run` and `create`, named and spelled as docker's.</summary>
static class RunFlags
{
    public static readonly FlagSpec[] Create =
    [
        FlagSpec.List("add-host", null, "Add a custom host-to-IP mapping (host:ip)"),
        FlagSpec.List("attach", 'a', "Attach to STDIN, STDOUT or STDERR"),
        FlagSpec.List("cap-add", null, "Add Linux capabilities"),
        FlagSpec.List("cap-drop", null, "Drop Linux capabilities"),
        FlagSpec.Value("cidfile", null, "Write the container ID to the file"),
        FlagSpec.Value("cpu-period", null, "Limit CPU CFS (Completely Fair Scheduler) period", "int"),
        FlagSpec.Value("cpu-quota", null, "Limit CPU CFS (Completely Fair Scheduler) quota", "int"),
        FlagSpec.Value("cpu-shares", 'c', "CPU shares (relative weight)", "int"),
        FlagSpec.Value("cpus", null, "Number of CPUs", "decimal"),
        FlagSpec.Value("cpuset-cpus", null, "CPUs in which to allow execution (0-3, 0,1)"),
        FlagSpec.Value("cpuset-mems", null, "MEMs in which to allow execution (0-3, 0,1)"),
        FlagSpec.List("dns", null, "Set custom DNS servers"),
        FlagSpec.List("dns-search", null, "Set custom DNS search domains"),
        FlagSpec.Value("domainname", null, "Container NIS domain name"),
        FlagSpec.Value("entrypoint", null, "Overwrite the default ENTRYPOINT of the image"),
        FlagSpec.List("env", 'e', "Set environment variables"),
        FlagSpec.List("env-file", null, "Read in a file of environment variables"),
        FlagSpec.List("expose", null, "Expose a port or a range of ports"),
        FlagSpec.List("group-add", null, "Add additional groups to join"),
        FlagSpec.Value("health-cmd", null, "Command to run to check health"),
        FlagSpec.Value("health-interval", null, "Time between running the check (ms|s|m|h) (default 0s)", "duration"),
        FlagSpec.Value("health-retries", null, "Consecutive failures needed to report unhealthy", "int"),
        FlagSpec.Value("health-start-interval", null, "Time between running the check during the start period (ms|s|m|h) (default 0s)", "duration"),
        FlagSpec.Value("health-start-period", null, "Start period for the container to initialize before starting health-retries countdown (ms|s|m|h) (default 0s)", "duration"),
        FlagSpec.Value("health-timeout", null, "Maximum time to allow one check to run (ms|s|m|h) (default 0s)", "duration"),
        FlagSpec.Value("hostname", 'h', "Container host name"),
        FlagSpec.Bool("init", null, "Run an init inside the container that forwards signals and reaps processes"),
        FlagSpec.Bool("interactive", 'i', "Keep STDIN open even if not attached"),
        FlagSpec.List("label", 'l', "Set meta data on a container"),
        FlagSpec.List("label-file", null, "Read in a line delimited file of labels"),
        FlagSpec.Value("log-driver", null, "Logging driver for the container"),
        FlagSpec.List("log-opt", null, "Log driver options"),
        FlagSpec.Value("memory", 'm', "Memory limit", "bytes"),
        FlagSpec.Value("memory-reservation", null, "Memory soft limit", "bytes"),
        FlagSpec.Value("memory-swap", null, "Swap limit equal to memory plus swap: '-1' to enable unlimited swap", "bytes"),
        FlagSpec.List("mount", null, "Attach a filesystem mount to the container", "mount"),
        FlagSpec.Value("name", null, "Assign a name to the container"),
        FlagSpec.Value("network", null, "Connect a container to a network", "network", "default"),
        FlagSpec.Value("net", null, "Connect a container to a network", "network") with { Hidden = true },
        FlagSpec.Bool("no-healthcheck", null, "Disable any container-specified HEALTHCHECK"),
        FlagSpec.Value("pids-limit", null, "Tune container pids limit (set -1 for unlimited)", "int"),
        FlagSpec.Value("platform", null, "Set platform if server is multi-platform capable"),
        FlagSpec.Bool("privileged", null, "Give extended privileges to this container"),
        FlagSpec.List("publish", 'p', "Publish a container's port(s) to the host"),
        FlagSpec.Bool("publish-all", 'P', "Publish all exposed ports to random ports"),
        FlagSpec.Value("pull", null, "Pull image before running (\"always\", \"missing\", \"never\")", "string", "missing"),
        FlagSpec.Bool("quiet", 'q', "Suppress the pull output"),
        FlagSpec.Bool("read-only", null, "Mount the container's root filesystem as read only"),
        FlagSpec.Value("restart", null, "Restart policy to apply when a container exits", "string", "no"),
        FlagSpec.Bool("rm", null, "Automatically remove the container and its associated anonymous volumes when it exits"),
        FlagSpec.List("security-opt", null, "Security Options"),
        FlagSpec.Value("shm-size", null, "Size of /dev/shm", "bytes"),
        FlagSpec.Value("stop-signal", null, "Signal to stop the container"),
        FlagSpec.Value("stop-timeout", null, "Timeout (in seconds) to stop a container", "int"),
        FlagSpec.List("tmpfs", null, "Mount a tmpfs directory"),
        FlagSpec.Bool("tty", 't', "Allocate a pseudo-TTY"),
        FlagSpec.List("ulimit", null, "Ulimit options", "ulimit"),
        FlagSpec.Value("user", 'u', "Username or UID (format: <name|uid>[:<group|gid>])"),
        FlagSpec.List("volume", 'v', "Bind mount a volume"),
        FlagSpec.Value("workdir", 'w', "Working directory inside the container"),
    ];

    public static readonly FlagSpec[] Run =
    [
        .. Create,
        FlagSpec.Bool("detach", 'd', "Run container in background and print container ID"),
        FlagSpec.Value("detach-keys", null, "Override the key sequence for detaching a container"),
        FlagSpec.Bool("sig-proxy", null, "Proxy received signals to the process (default true)") with { Default = "true" },
    ];
}
