using System.Diagnostics;
using Berth.Integration.Tests.Fixtures;

namespace Berth.Integration.Tests.Build;

/// <summary>
/// Differential tests: each Dockerfile of tests/Integration.Tests/BuildCorpus is built by berth and
/// by docker (BuildKit, --network none) from the same context, and the image configs and file trees
/// must be equal. Where docker is absent, berth is compared with the output recorded from docker
/// (expected.txt, written when BERTH_RECORD_BUILD_CORPUS=1 and docker is present).
/// </summary>
public sealed class BuildCorpusTests : IClassFixture<BerthFixture>, IClassFixture<DockerDaemon>
{
    readonly BerthFixture berth;
    readonly DockerDaemon docker;

    static BuildCorpusTests() => Environment.SetEnvironmentVariable("DOCKER_BUILDKIT", "1");

    public BuildCorpusTests(BerthFixture berth, DockerDaemon docker)
    {
        this.berth = berth;
        this.docker = docker;
        lock (ImportLock)
        {
            if (docker.Available && !docker.Docker("image", "inspect", "busybox").Exit.Equals(0))
            {
                var tarball = Path.Combine(Path.GetTempPath(), $"busybox-{Guid.NewGuid():N}.tar");
                BerthFixture.WriteBusyboxRootfs(tarball);
                docker.Docker("import", tarball, "busybox").Ok();
                File.Delete(tarball);
            }
        }
    }

    static readonly object ImportLock = new();

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.EnumerateDirectories(CorpusRoot()).Order(StringComparer.Ordinal))
            foreach (var target in Targets(dir)) data.Add(target is null ? Path.GetFileName(dir) : $"{Path.GetFileName(dir)}@{target}");
        return data;
    }

    static IEnumerable<string?> Targets(string dir)
    {
        var file = Path.Combine(dir, "targets");
        return File.Exists(file) ? File.ReadAllLines(file).Where(l => l.Length > 0).Select(l => (string?)l) : [null];
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void ImageEqualsDockers(string name)
    {
        var parts = name.Split('@');
        var caseDir = Path.Combine(CorpusRoot(), parts[0]);
        var target = parts.Length > 1 ? parts[1] : null;
        var context = PrepareContext(caseDir);
        try
        {
            var tag = $"corpus-{parts[0]}{(target is null ? "" : "-" + target)}";
            var actual = BerthSnapshot(context, tag, target);
            var recorded = Path.Combine(caseDir, target is null ? "expected.txt" : $"expected-{target}.txt");
            if (docker.Available)
            {
                var expected = DockerSnapshot(context, tag, target);
                if (Environment.GetEnvironmentVariable("BERTH_RECORD_BUILD_CORPUS") == "1") File.WriteAllLines(recorded, expected);
                Assert.True(expected.SequenceEqual(actual), "berth's image differs from docker's:" + BuildSnapshot.Difference(expected, actual, "docker", "berth"));
            }
            else
            {
                Skip.IfNot(File.Exists(recorded), docker.SkipReason + "; and no recorded expected.txt");
                var expected = File.ReadAllLines(recorded).ToList();
                Assert.True(expected.SequenceEqual(actual), "berth's image differs from docker's recorded one:" + BuildSnapshot.Difference(expected, actual, "docker", "berth"));
            }
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }
    }

    List<string> BerthSnapshot(string context, string tag, string? target)
    {
        if (File.Exists(Path.Combine(context, "Dockerfile.base")))
            berth.Run("build", "-q", "-f", Path.Combine(context, "Dockerfile.base"), "-t", Path.GetFileName(context).Split('~')[0] + "-base", context).Ok();
        berth.Run([.. "build -q --network none".Split(' '), .. BuildArgs(context), .. TargetArgs(target), "-t", tag, context], null).Ok();
        var config = berth.Run("image", "inspect", "-f", "{{json .Config}}", tag).Ok().Stdout;
        var container = berth.Run("create", tag, "true").Ok().Stdout.Trim();
        try
        {
            return BuildSnapshot.Of(config, berth.Run("cp", container + ":/", "-").Ok().StdoutBytes);
        }
        finally
        {
            berth.Run("rm", container);
        }
    }

    List<string> DockerSnapshot(string context, string tag, string? target)
    {
        if (File.Exists(Path.Combine(context, "Dockerfile.base")))
            docker.Docker("build", "-q", "--network", "none", "-f", Path.Combine(context, "Dockerfile.base"), "-t", Path.GetFileName(context).Split('~')[0] + "-base", context).Ok();
        docker.Docker([.. "build -q --network none".Split(' '), .. BuildArgs(context), .. TargetArgs(target), "-t", tag, context], null, TimeSpan.FromMinutes(3)).Ok();
        var config = docker.Docker("image", "inspect", "-f", "{{json .Config}}", tag).Ok().Stdout;
        var container = docker.Docker("create", tag, "true").Ok().Stdout.Trim();
        try
        {
            return BuildSnapshot.Of(config, docker.Docker("cp", container + ":/", "-").Ok().StdoutBytes);
        }
        finally
        {
            docker.Docker("rm", container);
        }
    }

    static IEnumerable<string> TargetArgs(string? target) => target is null ? [] : ["--target", target];

    static IEnumerable<string> BuildArgs(string context)
    {
        var file = Path.Combine(context, "build-args");
        return File.Exists(file) ? File.ReadAllLines(file).Where(l => l.Length > 0).SelectMany(l => new[] { "--build-arg", l }) : [];
    }

    /// <summary>A copy of the case, with its prepare.sh run (modes, symlinks and archives git does not keep).</summary>
    static string PrepareContext(string caseDir)
    {
        var context = Path.Combine(Path.GetTempPath(), $"{Path.GetFileName(caseDir)}~{Guid.NewGuid():N}"[..Math.Min(60, Path.GetFileName(caseDir).Length + 13)]);
        Run("cp", "-a", caseDir, context);
        foreach (var recorded in Directory.EnumerateFiles(context, "expected*.txt")) File.Delete(recorded);
        if (File.Exists(Path.Combine(context, "prepare.sh")))
        {
            Run("sh", "-c", "cd \"$0\" && ./prepare.sh && rm prepare.sh", context);
        }
        return context;
    }

    static void Run(string program, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { UseShellExecute = false })!;
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} failed");
    }

    static string CorpusRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "berth.slnx"))) return Path.Combine(dir.FullName, "tests", "Integration.Tests", "BuildCorpus");
        throw new InvalidOperationException("cannot find the repository root (berth.slnx)");
    }
}
