using Berth.Integration.Tests.Fixtures;

namespace Berth.Integration.Tests;

/// <summary>-u resolved against the image's /etc/passwd and /etc/group; capabilities, privileged mode, no-new-privileges, seccomp and --read-only.</summary>
public sealed class UserAndSecurityTests(BerthFixture berth) : IClassFixture<BerthFixture>
{
    const string ShowIds = "grep -E '^(Uid|Gid|Groups):' /proc/self/status | tr -s '\\t ' ' '; echo HOME=$HOME";

    [Fact]
    public void UserByNameTakesItsGroupHomeAndMemberships()
    {
        // www-data (33) is listed as a member of "users" (100) in the image's /etc/group.
        var lines = berth.Run("run", "--rm", "-u", "www-data", BerthFixture.Image, "sh", "-c", ShowIds).Ok().Lines;

        Assert.Equal(["Uid: 33 33 33 33", "Gid: 33 33 33 33", "Groups: 100 ", "HOME=/var/www"], lines);
    }

    [Fact]
    public void NumericUidAndGidNeedNoEntries()
    {
        var lines = berth.Run("run", "--rm", "-u", "1234:5678", BerthFixture.Image, "sh", "-c", ShowIds).Ok().Lines;

        Assert.Equal(["Uid: 1234 1234 1234 1234", "Gid: 5678 5678 5678 5678", "Groups: ", "HOME=/"], lines);
    }

    [Fact]
    public void NameAndGroupNameSetBothAndNoMemberships()
    {
        var lines = berth.Run("run", "--rm", "-u", "www-data:users", BerthFixture.Image, "sh", "-c", ShowIds).Ok().Lines;

        Assert.Equal(["Uid: 33 33 33 33", "Gid: 100 100 100 100", "Groups: ", "HOME=/var/www"], lines);
    }

    [Fact]
    public void UnprivilegedUserOwnsWhatItWritesAndCannotWriteRootsFiles()
    {
        var result = berth.Run("run", "--rm", "-u", "nobody", BerthFixture.Image, "sh", "-c", "touch /tmp/mine && stat -c '%U:%G' /tmp/mine && touch /root/not-mine");

        Assert.Equal("nobody:nogroup\n", result.Stdout);
        Assert.Equal("touch: /root/not-mine: Permission denied\n", result.Stderr);
    }

    [Fact]
    public void GroupAddAddsSupplementaryGroups()
    {
        var lines = berth.Run("run", "--rm", "-u", "www-data", "--group-add", "tty", "--group-add", "4242", BerthFixture.Image, "sh", "-c", ShowIds).Ok().Lines;

        // The kernel lists groups sorted: tty (5), users (100, from /etc/group), 4242.
        Assert.Equal("Groups: 5 100 4242 ", lines[2]);
    }

    [Theory]
    [InlineData("bogus", "unable to find user bogus: no matching entries in passwd file")]
    [InlineData("root:nogrp", "unable to find group nogrp: no matching entries in group file")]
    public void UnknownUserOrGroupFailsWith125AndLeavesNothing(string user, string message)
    {
        var before = berth.Leftovers();

        var result = berth.Run("run", "--rm", "-u", user, BerthFixture.Image, "true");

        Assert.Equal(125, result.Exit);
        Assert.Equal($"Error: {message}\n", result.Stderr);
        berth.AssertNothingLeftSince(before);
    }

    [Fact]
    public void UnknownUserKeepsTheContainerCreatedAsDockerDoes()
    {
        var name = BerthFixture.UniqueName();

        var result = berth.Run("run", "--name", name, "-u", "bogus", BerthFixture.Image, "true");

        Assert.Equal(125, result.Exit);
        Assert.Equal("created", berth.Inspect(name, "{{.State.Status}}"));
        Assert.DoesNotContain(berth.Id(name), berth.CgroupIds());
    }

    [Theory]
    [InlineData(new[] { "--cap-drop", "ALL" }, "0000000000000000")]
    [InlineData(new[] { "--cap-drop", "all", "--cap-add", "CHOWN" }, "0000000000000001")]
    [InlineData(new[] { "--cap-add", "SYS_ADMIN", "--cap-drop", "NET_RAW" }, "00000000a82405fb")]
    [InlineData(new[] { "--cap-add", "cap_sys_ptrace,CAP_SYS_TIME" }, "00000000aa0c25fb")]
    [InlineData(new[] { "--cap-drop", "CHOWN,KILL,SETUID,SETGID" }, "00000000a804251a")]
    public void CapAddAndDropChangeTheSet(string[] flags, string expected)
    {
        var status = Status(berth.Run(["run", "--rm", .. flags, BerthFixture.Image, "cat", "/proc/self/status"], null).Ok().Stdout);

        Assert.Equal(expected, status["CapEff"]);
        Assert.Equal(expected, status["CapBnd"]);
    }

    [Fact]
    public void DroppedCapabilityIsReallyGone()
    {
        var allowed = berth.Run("run", "--rm", BerthFixture.Image, "chown", "nobody", "/tmp");
        var dropped = berth.Run("run", "--rm", "--cap-drop", "CHOWN", BerthFixture.Image, "chown", "nobody", "/tmp");

        allowed.Ok();
        Assert.NotEqual(0, dropped.Exit);
        Assert.Contains("Operation not permitted", dropped.Stderr);
    }

    [Fact]
    public void CapAddAllGivesTheHostsBoundingSet()
    {
        var status = Status(berth.Run("run", "--rm", "--cap-add", "ALL", BerthFixture.Image, "cat", "/proc/self/status").Ok().Stdout);

        Assert.Equal(HostStatus()["CapBnd"], status["CapEff"]);
        Assert.Equal("2", status["Seccomp"]);
    }

    [Fact]
    public void PrivilegedGetsTheHostsBoundingSetAndNoConfinement()
    {
        var result = berth.Run("run", "--rm", "--privileged", BerthFixture.Image, "sh", "-c",
            "cat /proc/self/status; echo ---; grep ' /sys ' /proc/mounts; stat -c %t:%T /proc/keys; ls /dev | wc -l").Ok();
        var parts = result.Stdout.Split("---\n");
        var status = Status(parts[0]);
        var rest = parts[1].Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var hostBounding = HostStatus()["CapBnd"];
        Assert.Equal(hostBounding, status["CapEff"]);
        Assert.Equal(hostBounding, status["CapBnd"]);
        Assert.Equal("0", status["Seccomp"]);
        Assert.StartsWith("sysfs /sys sysfs rw,", rest[0]);
        Assert.NotEqual("1:3", rest[1]);
        // The host's devices, not docker's short list of sixteen entries.
        Assert.True(int.Parse(rest[2]) > 16, $"/dev holds {rest[2]} entries");
    }

    [Fact]
    public void NoNewPrivilegesSetsTheFlag()
    {
        var status = Status(berth.Run("run", "--rm", "--security-opt", "no-new-privileges", BerthFixture.Image, "cat", "/proc/self/status").Ok().Stdout);

        Assert.Equal("1", status["NoNewPrivs"]);
    }

    [Fact]
    public void SeccompUnconfinedLoadsNoFilter()
    {
        var result = berth.Run("run", "--rm", "--security-opt", "seccomp=unconfined", BerthFixture.Image, "sh", "-c", "grep '^Seccomp:' /proc/self/status; unshare -U true && echo unshared");

        Assert.Equal("Seccomp:\t0\nunshared\n", result.Ok().Stdout);
    }

    [Fact]
    public void SeccompProfileFromAFileDeniesItsSyscalls()
    {
        using var host = new TempDirectory();
        var profile = host.File("no-mkdir.json", """
            {"defaultAction": "SCMP_ACT_ALLOW",
             "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO"}]}
            """);

        var result = berth.Run("run", "--rm", "--security-opt", $"seccomp={profile}", BerthFixture.Image, "sh", "-c",
            "grep '^Seccomp:' /proc/self/status; touch /tmp/file && echo touched; mkdir /tmp/dir");

        Assert.Equal(1, result.Exit);
        Assert.Equal("Seccomp:\t2\ntouched\n", result.Stdout);
        Assert.Equal("mkdir: can't create directory '/tmp/dir': Operation not permitted\n", result.Stderr);
    }

    [Fact]
    public void MissingSeccompProfileFileIsRefused()
    {
        var before = berth.Leftovers();

        var result = berth.Run("run", "--rm", "--security-opt", "seccomp=/no/such/profile.json", BerthFixture.Image, "true");

        Assert.Equal(125, result.Exit);
        Assert.StartsWith("Error: opening seccomp profile (/no/such/profile.json) failed", result.Stderr);
        berth.AssertNothingLeftSince(before);
    }

    [Fact]
    public void ReadOnlyRootRefusesWritesButNotToShmOrTmpfs()
    {
        var result = berth.Run("run", "--rm", "--read-only", "--tmpfs", "/run", BerthFixture.Image, "sh", "-c",
            "touch /run/ok && touch /dev/shm/ok && echo writable; touch /etc/passwd; touch /tmp/x");

        Assert.Equal("writable\n", result.Stdout);
        Assert.Equal("touch: /etc/passwd: Read-only file system\ntouch: /tmp/x: Read-only file system\n", result.Stderr);
    }

    static Dictionary<string, string> HostStatus() => Status(File.ReadAllText("/proc/self/status"));

    static Dictionary<string, string> Status(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(':', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1].Trim());
}
