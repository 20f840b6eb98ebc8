using Berth.Engine.Containers;
using Berth.Engine.Lifecycle;
using Berth.Images.Oci;

namespace Berth.Engine.Tests;

public class ConfigMergeTests
{
    static readonly RunConfig Image = new()
    {
        Entrypoint = ["/entry"],
        Cmd = ["default-cmd"],
        Env = ["PATH=/bin", "A=image"],
        WorkingDir = "/app",
        User = "daemon",
        Labels = new() { ["from"] = "image", ["keep"] = "yes" },
        ExposedPorts = new() { ["80/tcp"] = new EmptyObject() },
        StopSignal = "SIGQUIT",
        Healthcheck = new HealthConfig { Test = ["CMD", "true"], Interval = 5, Retries = 4 },
    };

    static ContainerConfig Merge(CreateRequest request) => ConfigMerge.Merge(request, Image, new string('f', 64));

    [Fact]
    public void ImageDefaultsFillWhatTheUserLeftOut()
    {
        var config = Merge(new CreateRequest { Image = "img" });
        Assert.Equal(["/entry"], config.Entrypoint);
        Assert.Equal(["default-cmd"], config.Cmd);
        Assert.Equal("/app", config.WorkingDir);
        Assert.Equal("daemon", config.User);
        Assert.Equal("SIGQUIT", config.StopSignal);
        Assert.Equal("ffffffffffff", config.Hostname);
        Assert.Equal("img", config.Image);
    }

    [Fact]
    public void UserCommandReplacesImageCmdButKeepsEntrypoint()
    {
        var config = Merge(new CreateRequest { Image = "img", Config = new ContainerConfig { Cmd = ["mine"] } });
        Assert.Equal(["/entry"], config.Entrypoint);
        Assert.Equal(["mine"], config.Cmd);
    }

    [Fact]
    public void ExplicitEntrypointDropsImageCmd()
    {
        var config = Merge(new CreateRequest { Image = "img", EntrypointSet = true, Config = new ContainerConfig { Entrypoint = ["/other"] } });
        Assert.Equal(["/other"], config.Entrypoint);
        Assert.Null(config.Cmd);
    }

    [Fact]
    public void EmptyEntrypointClearsIt()
    {
        var config = Merge(new CreateRequest { Image = "img", EntrypointSet = true, Config = new ContainerConfig { Entrypoint = [""], Cmd = ["sh"] } });
        Assert.Null(config.Entrypoint);
        Assert.Equal(["sh"], config.Cmd);
    }

    [Fact]
    public void EnvMergesByKeyWithUserWinning()
    {
        var config = Merge(new CreateRequest { Image = "img", Config = new ContainerConfig { Env = ["A=user", "B=new"] } });
        Assert.Equal(["PATH=/bin", "A=user", "B=new"], config.Env);
    }

    [Fact]
    public void LabelsAndPortsMerge()
    {
        var config = Merge(new CreateRequest
        {
            Image = "img",
            Config = new ContainerConfig { Labels = new() { ["from"] = "user" }, ExposedPorts = new() { ["53/udp"] = new EmptyObject() } },
        });
        Assert.Equal("user", config.Labels["from"]);
        Assert.Equal("yes", config.Labels["keep"]);
        Assert.Equal(["53/udp", "80/tcp"], config.ExposedPorts!.Keys.Order());
    }

    [Fact]
    public void HealthFlagsOverrideFieldByField()
    {
        var config = Merge(new CreateRequest { Image = "img", Config = new ContainerConfig { Healthcheck = new HealthConfig { Interval = 9 } } });
        Assert.Equal(["CMD", "true"], config.Healthcheck!.Test);
        Assert.Equal(9, config.Healthcheck.Interval);
        Assert.Equal(4, config.Healthcheck.Retries);
    }

    [Fact]
    public void NoHealthcheckDisablesTheImages()
    {
        var config = Merge(new CreateRequest { Image = "img", Config = new ContainerConfig { Healthcheck = new HealthConfig { Test = ["NONE"] } } });
        Assert.Equal(["NONE"], config.Healthcheck!.Test);
    }
}
