// berth's process creation. The child must never run managed code: .NET is
// multithreaded, and a forked copy that touches the runtime can hang on a GC
// suspension started by a thread that does not exist in the child. So the child
// only makes raw calls here and execs. The parent's setup (cgroups, network)
// happens while the new process starts up: berth init waits for it on a gate fd.
//
// The child shares the parent's memory (CLONE_VM) and the calling thread sleeps
// until it has exec'd (CLONE_VFORK), as posix_spawn does: copying the page tables
// of a .NET process, and tearing the copy down again at exec, cost ~1 ms a spawn.
// Only CLONE_INTO_CGROUP (cgroup v2) needs clone3, which has no stack switch in
// libc: that path forks the address space.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

struct berth_spawn_request {
    const char *path;      // binary to exec; NULL means execveat(exec_fd)
    int exec_fd;
    char *const *argv;
    char *const *envp;
    uint64_t clone_flags;  // CLONE_NEW* only
    int cgroup_fd;         // cgroup v2 directory to start in, or -1
    const int *fd_map;     // (source, target) pairs: the only fds the child keeps
    int fd_map_len;
    int pidns_fd;          // pid namespace to start in (exec into a container), or -1
    int new_session;
    int parent_death_signal;
};

struct child_args {
    const struct berth_spawn_request *r;
    pid_t parent;
};

// Runs on its own stack in the parent's memory: it writes only its own locals.
static int child_main(void *arg) {
    const struct berth_spawn_request *r = ((struct child_args *)arg)->r;
    pid_t parent = ((struct child_args *)arg)->parent;
    struct sigaction dfl = {.sa_handler = SIG_DFL};
    for (int sig = 1; sig < _NSIG; sig++) sigaction(sig, &dfl, NULL);
    if (r->new_session) setsid();
    if (r->parent_death_signal) {
        prctl(PR_SET_PDEATHSIG, r->parent_death_signal);
        if (!(r->clone_flags & CLONE_NEWPID) && getppid() != parent) _exit(125);
    }
    // Move sources out of the way first, so a target never clobbers a later source.
    int moved[64];
    int n = r->fd_map_len > 64 ? 64 : r->fd_map_len;
    for (int i = 0; i < n; i++) moved[i] = fcntl(r->fd_map[2 * i], F_DUPFD_CLOEXEC, 256);
    for (int i = 0; i < n; i++)
        if (moved[i] < 0 || dup2(moved[i], r->fd_map[2 * i + 1]) < 0) _exit(125);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    if (r->path) execve(r->path, r->argv, r->envp);
    else syscall(SYS_execveat, r->exec_fd, "", r->argv, r->envp, AT_EMPTY_PATH);
    _exit(errno == ENOENT ? 127 : 126);
}

static long clone_into_cgroup(const struct berth_spawn_request *r, struct child_args *child, int *pidfd_out) {
    struct clone_args args = {
        .flags = r->clone_flags | CLONE_PIDFD | CLONE_INTO_CGROUP,
        .pidfd = (uint64_t)(uintptr_t)pidfd_out,
        .exit_signal = SIGCHLD,
        .cgroup = (uint64_t)r->cgroup_fd,
    };
    long pid = syscall(SYS_clone3, &args, sizeof args);
    if (pid == 0) child_main(child);
    return pid;
}

static long clone_sharing_memory(const struct berth_spawn_request *r, struct child_args *child, int *pidfd_out) {
    enum { STACK_SIZE = 64 * 1024 };
    char *stack = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED) return -1;
    int flags = (int)r->clone_flags | CLONE_VM | CLONE_VFORK | CLONE_PIDFD | SIGCHLD;
    long pid = clone(child_main, stack + STACK_SIZE, flags, child, pidfd_out);
    int err = errno;
    munmap(stack, STACK_SIZE);
    errno = err;
    return pid;
}

// Returns the child's pid and stores a pidfd for it, or returns -errno.
int berth_spawn(const struct berth_spawn_request *r, int *pidfd_out) {
    sigset_t all, saved;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &saved);
    int own_pidns = -1;
    if (r->pidns_fd >= 0) {
        // pid namespaces apply to children only: join it on this thread, clone, come back.
        own_pidns = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC);
        if (own_pidns < 0 || setns(r->pidns_fd, CLONE_NEWPID) < 0) {
            int err = errno;
            if (own_pidns >= 0) close(own_pidns);
            pthread_sigmask(SIG_SETMASK, &saved, NULL);
            return -err;
        }
    }
    struct child_args child = {.r = r, .parent = getpid()};
    long pid = r->cgroup_fd >= 0 ? clone_into_cgroup(r, &child, pidfd_out) : clone_sharing_memory(r, &child, pidfd_out);
    int err = errno;
    if (own_pidns >= 0) {
        setns(own_pidns, CLONE_NEWPID);
        close(own_pidns);
    }
    pthread_sigmask(SIG_SETMASK, &saved, NULL);
    return pid < 0 ? -err : (int)pid;
}

extern const unsigned char berth_reaper_start[], berth_reaper_end[];

// The embedded berth-init image (see reaper.c), for `run --init`.
const unsigned char *berth_reaper_image(long *length) {
    *length = berth_reaper_end - berth_reaper_start;
    return berth_reaper_start;
}
