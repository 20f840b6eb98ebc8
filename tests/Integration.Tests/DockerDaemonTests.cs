using Berth.Integration.Tests.Fixtures;

namespace Berth.Integration.Tests;

/// <summary>The private dockerd that round-trip tests rely on comes up and answers.</summary>
public sealed class DockerDaemonTests(DockerDaemon docker) : IClassFixture<DockerDaemon>
{
    [SkippableFact]
    public void PrivateDaemonAnswersOnItsOwnSocket()
    {
        Skip.IfNot(docker.Available, docker.SkipReason);
        var info = docker.Docker("info", "--format", "{{.DockerRootDir}}").Ok();
        Assert.StartsWith("/tmp/berth-it-docker-", info.Stdout.Trim());
    }
}
