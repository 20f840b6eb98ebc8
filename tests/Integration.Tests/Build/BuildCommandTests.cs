using System.Text;
using System.Text.Json;
using Berth.Integration.Tests.Fixtures;

namespace Berth.Integration.Tests.Build;

/// <summary>`berth build` end to end: flags, outputs, RUN mounts, heredocs, failures and the errors that name the Dockerfile line.</summary>
public sealed class BuildCommandTests(BerthFixture berth) : IClassFixture<BerthFixture>
{
    [Fact]
    public void QuietPrintsTheIdAndIidfileLabelAndBuildArgApply()
    {
        using var ws = new BuildWorkspace(berth).File("Dockerfile", "FROM busybox\nARG WHO\nRUN echo hello $WHO > /greeting\nCMD [\"cat\", \"/greeting\"]\n");
        var iid = Path.Combine(ws.Dir, "..", Path.GetFileName(ws.Dir) + ".iid");
        var result = berth.Run("build", "-q", "--iidfile", iid, "--label", "team=core", "--build-arg", "WHO=berth", "-t", "cmd-q:1", "-t", "cmd-q:2", ws.Dir).Ok();
        var id = result.Stdout.Trim();
        Assert.StartsWith("sha256:", id);
        Assert.Equal(id, File.ReadAllText(iid));
        File.Delete(iid);
        Assert.Equal(id, berth.Id("cmd-q:2"));
        Assert.Equal("hello berth\n", berth.Run("run", "--rm", "cmd-q:1").Ok().Stdout);
        Assert.Equal("core", berth.Inspect("cmd-q:1", "{{index .Config.Labels \"team\"}}"));
    }

    [Fact]
    public void HistoryRecordsEachStepAsDockerDoes()
    {
        using var ws = new BuildWorkspace(berth).File("Dockerfile", "FROM busybox\nENV A=1\nRUN echo x > /x\nCOPY f /f\n").File("f", "f\n");
        ws.Build("-t", "cmd-history").Ok();
        var id = berth.Id("cmd-history");
        using var config = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(berth.Root, "content", "blobs", "sha256", id[7..])));
        var history = config.RootElement.GetProperty("history").EnumerateArray().Skip(1).ToList();
        Assert.Equal(["ENV A=1", "RUN /bin/sh -c echo x > /x # buildkit", "COPY f /f # buildkit"], history.Select(h => h.GetProperty("created_by").GetString()));
        Assert.True(history[0].GetProperty("empty_layer").GetBoolean());
        Assert.False(history[1].TryGetProperty("empty_layer", out _));
        Assert.Equal(3, config.RootElement.GetProperty("rootfs").GetProperty("diff_ids").GetArrayLength());
    }

    [Fact]
    public void HeredocsWriteFilesAndRunScripts()
    {
        using var ws = new BuildWorkspace(berth).File("Dockerfile", """
            FROM busybox
            ARG NAME=world
            COPY <<EOF /greeting.txt
            hello ${NAME}
            EOF
            COPY <<'EOT' /literal.txt
            literal $NAME
            EOT
            RUN <<EOF
            echo "script line one" > /script-out
            echo "line two $NAME" >> /script-out
            EOF
            RUN cat <<EOF > /from-cat
            cat heredoc $NAME
            EOF
            """);
        ws.Build("-t", "cmd-heredoc").Ok();
        Assert.Equal("hello world\nliteral $NAME\nscript line one\nline two world\ncat heredoc world\n",
            berth.Run("run", "--rm", "cmd-heredoc", "cat", "/greeting.txt", "/literal.txt", "/script-out", "/from-cat").Ok().Stdout);
    }

    [Fact]
    public void SecretTmpfsAndBindMountsAreSeenByRunButNotKept()
    {
        using var ws = new BuildWorkspace(berth)
            .File("Dockerfile", """
                FROM busybox
                RUN --mount=type=secret,id=token cp /run/secrets/token /seen-secret
                RUN --mount=type=tmpfs,target=/scratch echo t > /scratch/t && cp /scratch/t /seen-tmpfs
                RUN --mount=type=bind,source=data,target=/mnt/data cat /mnt/data/file > /seen-bind
                """)
            .File("data/file", "bound\n");
        var secret = Path.Combine(ws.Dir, "..", Path.GetFileName(ws.Dir) + ".secret");
        File.WriteAllText(secret, "s3cret\n");
        try
        {
            ws.Build("--secret", $"id=token,src={secret}", "-t", "cmd-mounts").Ok();
        }
        finally
        {
            File.Delete(secret);
        }
        Assert.Equal("s3cret\nt\nbound\n", berth.Run("run", "--rm", "cmd-mounts", "cat", "/seen-secret", "/seen-tmpfs", "/seen-bind").Ok().Stdout);
        Assert.NotEqual(0, berth.Run("run", "--rm", "cmd-mounts", "ls", "/run/secrets/token").Exit);
        Assert.NotEqual(0, berth.Run("run", "--rm", "cmd-mounts", "ls", "/mnt/data").Exit);
        Assert.NotEqual(0, berth.Run("run", "--rm", "cmd-mounts", "ls", "/scratch").Exit);
    }

    [Fact]
    public void DockerfileFromStdinBuildsWithoutAContext()
    {
        var result = berth.Run(["build", "-q", "-t", "cmd-stdin", "-"], Encoding.UTF8.GetBytes("FROM busybox\nRUN echo stdin > /s\n")).Ok();
        Assert.StartsWith("sha256:", result.Stdout.Trim());
        Assert.Equal("stdin\n", berth.Run("run", "--rm", "cmd-stdin", "cat", "/s").Ok().Stdout);
    }

    [Fact]
    public void TargetBuildsOnlyTheStagesItNeeds()
    {
        using var ws = new BuildWorkspace(berth).File("Dockerfile", """
            FROM busybox AS one
            RUN echo one > /one
            FROM busybox AS broken
            RUN exit 7
            FROM one AS two
            RUN echo two > /two
            FROM broken
            """);
        var result = ws.Build("--target", "two", "-t", "cmd-target").Ok();
        Assert.DoesNotContain("exit 7", result.Stderr);
        Assert.Equal("one\ntwo\n", berth.Run("run", "--rm", "cmd-target", "cat", "/one", "/two").Ok().Stdout);
    }

    [Fact]
    public void FailedRunNamesTheCommandExitCodeAndOutputAndLeavesNothingBehind()
    {
        using var ws = new BuildWorkspace(berth).File("Dockerfile", "FROM busybox\nRUN echo about to fail && echo last words >&2 && exit 3\n");
        var before = berth.Leftovers();
        var result = ws.Build("-t", "cmd-fail");
        Assert.Equal(1, result.Exit);
        Assert.Contains("Dockerfile:2", result.Stderr);
        Assert.Contains("RUN echo about to fail", result.Stderr);
        Assert.Contains("exit code: 3", result.Stderr);
        Assert.Contains("last words", result.Stderr);
        Assert.NotEqual(0, berth.Run("image", "inspect", "cmd-fail").Exit);
        berth.AssertNothingLeftSince(before);
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(berth.Root, "layers"), ".tmp-*"));
        var buildRuns = Path.Combine(berth.RunRoot, "build");
        Assert.True(!Directory.Exists(buildRuns) || !Directory.EnumerateFileSystemEntries(buildRuns).Any(), "a RUN bundle was left in the run root");
    }

    [Fact]
    public void InterruptedBuildKillsItsStepAndLeavesNothingBehind()
    {
        using var ws = new BuildWorkspace(berth).File("Dockerfile", "FROM busybox\nRUN echo step-started && sleep 300\n");
        var before = berth.Leftovers();
        using var build = berth.Start("build", "--progress", "plain", "-t", "cmd-interrupted", ws.Dir);
        build.StandardInput.Close();
        while (build.StandardError.ReadLine() is { } line && !line.Contains("step-started")) { }
        Berth.Sys.Interop.Libc.kill(build.Id, 15);
        Assert.True(build.WaitForExit(TimeSpan.FromSeconds(30)), "build did not stop on SIGTERM");
        Assert.Equal(1, build.ExitCode);
        Assert.NotEqual(0, berth.Run("image", "inspect", "cmd-interrupted").Exit);
        berth.AssertNothingLeftSince(before);
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(berth.Root, "layers"), ".tmp-*"));
    }

    [Fact]
    public void BuildKilledWithSigkillIsSweptByTheNextBuildAndPrune()
    {
        using var ws = new BuildWorkspace(berth).File("Dockerfile", "FROM busybox\nRUN echo step-started && sleep 300\n");
        var before = berth.Leftovers();
        using (var build = berth.Start("build", "--progress", "plain", ws.Dir))
        {
            build.StandardInput.Close();
            while (build.StandardError.ReadLine() is { } line && !line.Contains("step-started")) { }
            build.Kill();
            build.WaitForExit();
        }
        using var next = new BuildWorkspace(berth).File("Dockerfile", "FROM busybox\nENV A=1\n");
        next.Build().Ok();
        berth.Run("builder", "prune", "-f").Ok();
        berth.AssertNothingLeftSince(before);
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(berth.Root, "layers"), ".tmp-*"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(berth.RunRoot, "build")));
    }

    [Fact]
    public void CopyParentsAndExcludeSelectWhatIsCopied()
    {
        using var ws = new BuildWorkspace(berth)
            .File("Dockerfile", "FROM busybox\nCOPY --parents a/b/one.txt a/c/two.txt /keep/\nCOPY --exclude=*.log logs/ /logs/\n")
            .File("a/b/one.txt", "1").File("a/c/two.txt", "2").File("logs/app.txt", "t").File("logs/app.log", "l");
        ws.Build("-t", "cmd-parents").Ok();
        Assert.Equal("/keep/a/b/one.txt\n/keep/a/c/two.txt\n/logs/app.txt\n",
            berth.Run("run", "--rm", "cmd-parents", "find", "/keep", "/logs", "-type", "f").Ok().Stdout);
    }

    [Theory]
    [InlineData("FROM busybox\nFROBNICATE x\n", "Dockerfile:2: unknown instruction: FROBNICATE")]
    [InlineData("FROM busybox\nCOPY --from=nowhere /x /y\n", "Dockerfile:2: --from=nowhere: no stage or image named nowhere")]
    [InlineData("FROM busybox\nCOPY missing.txt /\n", "Dockerfile:2: COPY failed: file not found in build context")]
    [InlineData("FROM busybox\nCOPY ../outside /\n", "Dockerfile:2: COPY failed: forbidden path outside the build context")]
    [InlineData("FROM busybox\nCOPY <<EOF /x\nnever closed\n", "Dockerfile:2: unterminated heredoc")]
    [InlineData("FROM busybox\nENV A=\"unclosed\n", "matching double-quote")]
    [InlineData("FROM nosuchimage\n", "Dockerfile:1: base image nosuchimage was not found locally")]
    [InlineData("RUN true\nFROM busybox\n", "Dockerfile:1: RUN before the first FROM")]
    public void ErrorsNameTheDockerfileLine(string dockerfile, string expected)
    {
        using var ws = new BuildWorkspace(berth).File("Dockerfile", dockerfile);
        var result = ws.Build();
        Assert.NotEqual(0, result.Exit);
        Assert.Contains(expected, result.Stderr);
        Assert.Single(result.Stderr.Split('\n'), l => l.StartsWith("Error:"));
    }

    [Fact]
    public void UnknownTargetIsRefusedNamingTheStages()
    {
        using var ws = new BuildWorkspace(berth).File("Dockerfile", "FROM busybox AS base\nFROM base AS final\n");
        var result = ws.Build("--target", "nope");
        Assert.Equal(1, result.Exit);
        Assert.Contains("target stage \"nope\" could not be found", result.Stderr);
        Assert.Contains("base, final", result.Stderr);
    }

    [Fact]
    public void AddFromAnUnreachableUrlFailsClearly()
    {
        using var ws = new BuildWorkspace(berth).File("Dockerfile",
            "FROM busybox\nADD --checksum=sha256:0000000000000000000000000000000000000000000000000000000000000000 http://127.0.0.1:9/file.tar /x\n");
        var result = ws.Build();
        Assert.Equal(1, result.Exit);
        Assert.Contains("Dockerfile:2: ADD http://127.0.0.1:9/file.tar: cannot download", result.Stderr);
    }
}
