// berth-init: PID 1 for `run --init`, as tini is for docker. It forks the command,
// forwards the signals it receives to it, and reaps every orphan that the kernel
// reparents to PID 1. Built static: it runs from a memfd inside any image.
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

// No stdio: static glibc's printf machinery would make this binary ten times bigger.
static void say(const char *what, const char *arg) {
    (void)!write(STDERR_FILENO, what, strlen(what));
    (void)!write(STDERR_FILENO, arg, strlen(arg));
    (void)!write(STDERR_FILENO, "\n", 1);
}

static int is_synchronous(int sig) {
    return sig == SIGFPE || sig == SIGILL || sig == SIGSEGV || sig == SIGBUS || sig == SIGABRT ||
           sig == SIGTRAP || sig == SIGSYS || sig == SIGTTIN || sig == SIGTTOU;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        say("berth-init: usage: berth-init PATH ARGV0 [ARG...]", "");
        return 125;
    }
    sigset_t all, none;
    sigfillset(&all);
    sigemptyset(&none);
    sigprocmask(SIG_BLOCK, &all, NULL);
    pid_t child = fork();
    if (child < 0) {
        say("berth-init: fork failed", "");
        return 125;
    }
    if (child == 0) {
        setpgid(0, 0);
        if (isatty(STDIN_FILENO)) {
            signal(SIGTTOU, SIG_IGN);
            tcsetpgrp(STDIN_FILENO, getpid());
            signal(SIGTTOU, SIG_DFL);
        }
        sigprocmask(SIG_SETMASK, &none, NULL);
        execv(argv[1], argv + 2);
        int err = errno;
        say("berth-init: cannot exec ", argv[1]);
        _exit(err == ENOENT ? 127 : 126);
    }
    for (;;) {
        struct timespec tick = {1, 0};
        siginfo_t info;
        int sig = sigtimedwait(&all, &info, &tick);
        if (sig > 0 && sig != SIGCHLD && !is_synchronous(sig)) kill(child, sig);
        int status;
        pid_t pid;
        while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
            if (pid != child) continue;
            if (WIFEXITED(status)) return WEXITSTATUS(status);
            return 128 + WTERMSIG(status);
        }
    }
}
