using System.Diagnostics;

namespace Berth.Seccomp.Tests;

/// <summary>
/// A small C program, built with gcc at test time, that loads a BPF file with prctl(NO_NEW_PRIVS) and
/// seccomp(SET_MODE_FILTER) (or loads nothing, for a baseline) and reports how a few syscalls end.
/// A separate process, so the filter never touches the test host.
/// </summary>
static class FilterProbe
{
    const string Source = """
        #define _GNU_SOURCE
        #include <errno.h>
                #include <linux/filter.h>
        #include <linux/seccomp.h>
        #include <sched.h>
        #include <stdio.h>
        #include <stdlib.h>
        #include <string.h>
        #include <sys/prctl.h>
        #include <sys/socket.h>
        #include <sys/syscall.h>
        #include <unistd.h>

        static void report(const char *name, long rc) { printf("%s %d\n", name, rc < 0 ? errno : 0); }

        int main(int argc, char **argv) {
            if (strcmp(argv[1], "none") != 0) {
                static unsigned char program[65536];
                FILE *f = fopen(argv[1], "rb");
                if (!f) { perror("open"); return 2; }
                size_t n = fread(program, 1, sizeof program, f);
                fclose(f);
                struct sock_fprog fprog = { .len = (unsigned short)(n / 8), .filter = (struct sock_filter *)program };
                if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) { perror("prctl"); return 3; }
                if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog)) { perror("seccomp"); return 4; }
            }
            report("getpid", syscall(SYS_getpid));
            report("unshare_uts", unshare(CLONE_NEWUTS));
            report("clone3", syscall(435, NULL, 0));
            report("personality_query", syscall(SYS_personality, 0xffffffffUL));
            report("personality_no_randomize", syscall(SYS_personality, 0x0040000UL));
            long vsock = syscall(SYS_socket, 40, SOCK_STREAM, 0);
            report("socket_vsock", vsock);
            report("socket_unix", syscall(SYS_socket, AF_UNIX, SOCK_STREAM, 0));
            fflush(stdout);
            return 0;
        }
        """;

    static readonly Lazy<string> Binary = new(Build);

    /// <summary>Each probed syscall's errno (0: it succeeded) with the filter at <paramref name="bpfPath"/>, or "none".</summary>
    public static Dictionary<string, int> Run(string bpfPath)
    {
        var (code, stdout, stderr) = Execute(Binary.Value, bpfPath);
        Assert.True(code == 0, $"probe exited {code}: {stderr}");
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .ToDictionary(parts => parts[0], parts => int.Parse(parts[1]));
    }

    static string Build()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"berth-seccomp-probe-{Environment.ProcessId}");
        Directory.CreateDirectory(directory);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(directory, recursive: true);
        var source = Path.Combine(directory, "probe.c");
        var binary = Path.Combine(directory, "probe");
        File.WriteAllText(source, Source);
        var (code, _, stderr) = Execute("gcc", "-O1", "-Wall", "-o", binary, source);
        Assert.True(code == 0, $"gcc failed: {stderr}");
        return binary;
    }

    static (int Code, string Stdout, string Stderr) Execute(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr);
    }
}
