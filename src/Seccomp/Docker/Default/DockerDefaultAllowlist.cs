namespace Berth.Seccomp;

/// <summary>
/// The syscalls docker's default profile allows every container, whatever its capabilities, grouped by what
/// they are for. Names of other architectures' variants (chown32, socketcall, _llseek) sit beside their
/// x86_64 siblings: the compiler skips names the native libseccomp does not know and adds the rest to every
/// architecture of the filter. A name the kernel lacks costs nothing.
/// </summary>
internal static class DockerDefaultAllowlist
{
    /// <summary>Reading, writing and managing open file descriptors, pipes included.</summary>
    public static readonly string[] FileDescriptorIo =
    [
        "cachestat", "close", "close_range", "copy_file_range", "dup", "dup2", "dup3", "fadvise64", "fadvise64_64",
        "fallocate", "fcntl", "fcntl64", "fdatasync", "flock", "fsync", "ftruncate", "ftruncate64", "ioctl",
        "_llseek", "lseek", "pread64", "preadv", "preadv2", "pwrite64", "pwritev", "pwritev2", "read", "readahead",
        "readv", "sendfile", "sendfile64", "splice", "sync", "sync_file_range", "syncfs", "tee", "vmsplice", "write",
        "writev", "pipe", "pipe2",
    ];

    /// <summary>
    /// Paths, directories, links, permissions, ownership, timestamps and extended attributes. Changing owners still
    /// needs CAP_CHOWN from the kernel.
    /// </summary>
    public static readonly string[] PathsAndMetadata =
    [
        "access", "chdir", "chmod", "chown", "chown32", "creat", "faccessat", "faccessat2", "fchdir", "fchmod",
        "fchmodat", "fchmodat2", "fchown", "fchown32", "fchownat", "fgetxattr", "flistxattr", "fremovexattr",
        "fsetxattr", "fstat", "fstat64", "fstatat64", "fstatfs", "fstatfs64", "futimesat", "getcwd", "getdents",
        "getdents64", "getxattr", "getxattrat", "lchown", "lchown32", "lgetxattr", "link", "linkat", "listxattr",
        "listxattrat", "llistxattr", "lremovexattr", "lsetxattr", "lstat", "lstat64", "mkdir", "mkdirat", "mknod",
        "mknodat", "name_to_handle_at", "newfstatat", "open", "openat", "openat2", "readlink", "readlinkat",
        "removexattr", "removexattrat", "rename", "renameat", "renameat2", "rmdir", "setxattr", "setxattrat", "stat",
        "stat64", "statfs", "statfs64", "statx", "symlink", "symlinkat", "truncate", "truncate64", "umask", "unlink",
        "unlinkat", "utime", "utimensat", "utimensat_time64", "utimes",
    ];

    /// <summary>Waiting for events: epoll, poll, select, eventfd, inotify, fanotify marks, signalfd, timerfd.</summary>
    public static readonly string[] EventsAndPolling =
    [
        "epoll_create", "epoll_create1", "epoll_ctl", "epoll_ctl_old", "epoll_pwait", "epoll_pwait2", "epoll_wait",
        "epoll_wait_old", "eventfd", "eventfd2", "fanotify_mark", "inotify_add_watch", "inotify_init",
        "inotify_init1", "inotify_rm_watch", "_newselect", "poll", "ppoll", "ppoll_time64", "pselect6",
        "pselect6_time64", "select", "signalfd", "signalfd4", "timerfd_create", "timerfd_gettime",
        "timerfd_gettime64", "timerfd_settime", "timerfd_settime64",
    ];

    /// <summary>Linux AIO and I/O priorities. io_uring is absent on purpose: docker blocks it since 2023.</summary>
    public static readonly string[] AsynchronousIo =
    [
        "io_cancel", "io_destroy", "io_getevents", "io_pgetevents", "io_pgetevents_time64", "ioprio_get",
        "ioprio_set", "io_setup", "io_submit",
    ];

    /// <summary>Mapping, protecting, locking and advising memory.</summary>
    public static readonly string[] Memory =
    [
        "brk", "madvise", "map_shadow_stack", "membarrier", "memfd_create", "memfd_secret", "mincore", "mlock",
        "mlock2", "mlockall", "mmap", "mmap2", "mprotect", "mremap", "mseal", "msync", "munlock", "munlockall",
        "munmap", "pkey_alloc", "pkey_free", "pkey_mprotect", "remap_file_pages",
    ];

    /// <summary>
    /// Creating (without namespaces), executing, waiting for and ending processes and threads. clone and clone3 are
    /// ruled on separately.
    /// </summary>
    public static readonly string[] ProcessLifecycle =
    [
        "execve", "execveat", "exit", "exit_group", "fork", "getpgid", "getpgrp", "getpid", "getppid",
        "get_robust_list", "getsid", "get_thread_area", "gettid", "pidfd_open", "pidfd_send_signal",
        "process_mrelease", "restart_syscall", "rseq", "setpgid", "set_robust_list", "setsid", "set_thread_area",
        "set_tid_address", "vfork", "wait4", "waitid", "waitpid",
    ];

    /// <summary>Thread synchronisation.</summary>
    public static readonly string[] Futexes =
    [
        "futex", "futex_requeue", "futex_time64", "futex_wait", "futex_waitv", "futex_wake",
    ];

    /// <summary>Scheduling, priorities, CPU affinity, resource limits and usage.</summary>
    public static readonly string[] SchedulingAndLimits =
    [
        "getcpu", "getpriority", "getrlimit", "getrusage", "prlimit64", "sched_getaffinity", "sched_getattr",
        "sched_getparam", "sched_get_priority_max", "sched_get_priority_min", "sched_getscheduler",
        "sched_rr_get_interval", "sched_rr_get_interval_time64", "sched_setaffinity", "sched_setattr",
        "sched_setparam", "sched_setscheduler", "sched_yield", "setpriority", "setrlimit", "times", "ugetrlimit",
    ];

    /// <summary>A process restricting or describing itself: prctl, seccomp, landlock, capabilities, uname.</summary>
    public static readonly string[] SelfRestrictionAndIntrospection =
    [
        "capget", "capset", "getrandom", "landlock_add_rule", "landlock_create_ruleset", "landlock_restrict_self",
        "prctl", "riscv_hwprobe", "seccomp", "sysinfo", "uname", "uretprobe",
    ];

    /// <summary>User and group ids. The kernel still requires CAP_SETUID/CAP_SETGID to change them.</summary>
    public static readonly string[] Credentials =
    [
        "getegid", "getegid32", "geteuid", "geteuid32", "getgid", "getgid32", "getgroups", "getgroups32",
        "getresgid", "getresgid32", "getresuid", "getresuid32", "getuid", "getuid32", "setfsgid", "setfsgid32",
        "setfsuid", "setfsuid32", "setgid", "setgid32", "setgroups", "setgroups32", "setregid", "setregid32",
        "setresgid", "setresgid32", "setresuid", "setresuid32", "setreuid", "setreuid32", "setuid", "setuid32",
    ];

    /// <summary>Sending, blocking and handling signals.</summary>
    public static readonly string[] Signals =
    [
        "alarm", "kill", "pause", "rt_sigaction", "rt_sigpending", "rt_sigprocmask", "rt_sigqueueinfo",
        "rt_sigreturn", "rt_sigsuspend", "rt_sigtimedwait", "rt_sigtimedwait_time64", "sigaltstack", "sigprocmask",
        "sigreturn", "tgkill", "tkill", "rt_tgsigqueueinfo",
    ];

    /// <summary>Reading clocks, sleeping, timers. Setting the clock needs CAP_SYS_TIME (a conditional rule).</summary>
    public static readonly string[] TimeAndTimers =
    [
        "adjtimex", "clock_adjtime", "clock_adjtime64", "clock_getres", "clock_getres_time64", "clock_gettime",
        "clock_gettime64", "clock_nanosleep", "clock_nanosleep_time64", "getitimer", "gettimeofday", "nanosleep",
        "setitimer", "time", "timer_create", "timer_delete", "timer_getoverrun", "timer_gettime", "timer_gettime64",
        "timer_settime", "timer_settime64",
    ];

    /// <summary>Socket operations except socket(2) itself, which is filtered by address family.</summary>
    public static readonly string[] Sockets =
    [
        "accept", "accept4", "bind", "connect", "getpeername", "getsockname", "getsockopt", "listen", "recv",
        "recvfrom", "recvmmsg", "recvmmsg_time64", "recvmsg", "send", "sendmmsg", "sendmsg", "sendto", "setsockopt",
        "shutdown", "socketcall", "socketpair",
    ];

    /// <summary>System V and POSIX message queues, semaphores and shared memory.</summary>
    public static readonly string[] InterProcessCommunication =
    [
        "ipc", "mq_getsetattr", "mq_notify", "mq_open", "mq_timedreceive", "mq_timedreceive_time64", "mq_timedsend",
        "mq_timedsend_time64", "mq_unlink", "msgctl", "msgget", "msgrcv", "msgsnd", "semctl", "semget", "semop",
        "semtimedop", "semtimedop_time64", "shmat", "shmctl", "shmdt", "shmget",
    ];

    /// <summary>Read-only views of mounts (listmount, statmount).</summary>
    public static readonly string[] MountListing =
    [
        "listmount", "statmount",
    ];

    public static IEnumerable<string> All =>
    [
        .. FileDescriptorIo, .. PathsAndMetadata, .. EventsAndPolling, .. AsynchronousIo, .. Memory,
        .. ProcessLifecycle, .. Futexes, .. SchedulingAndLimits, .. SelfRestrictionAndIntrospection,
        .. Credentials, .. Signals, .. TimeAndTimers, .. Sockets, .. InterProcessCommunication, .. MountListing,
    ];
}
