// Joining a container's namespaces for `exec`. setns(CLONE_NEWNS) refuses a
// multithreaded caller, and the .NET runtime starts threads before Main. So this
// constructor runs first, while the process still has one thread: it joins the
// namespaces whose fds the parent listed in _BERTH_NSENTER, then lets .NET start.
// The pid namespace was already entered by clone3 (see berth_spawn's pidns_fd).
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

__attribute__((constructor)) static void berth_nsenter(void) {
    const char *list = getenv("_BERTH_NSENTER");
    if (!list) return;
    char buf[128];
    strncpy(buf, list, sizeof buf - 1);
    buf[sizeof buf - 1] = 0;
    unsetenv("_BERTH_NSENTER");
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        int fd = atoi(tok);
        if (setns(fd, 0) < 0) {
            dprintf(2, "berth: exec: join namespace (fd %d): %m\n", fd);
            _exit(126);
        }
        close(fd);
    }
}

// The linker drops archive members nobody references; berth's C# code calls this
// once so that the constructor above is linked into the binary.
int berth_nsenter_linked(void) { return 1; }
