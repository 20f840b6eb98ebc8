using Berth.Cli.Parsing;

namespace Berth.Cli.Tests;

public class FlagParserTests
{
    static readonly CommandSpec Run = new()
    {
        Name = "run",
        Usage = "run IMAGE",
        Description = "",
        StopAtFirstArgument = true,
        Flags =
        [
            FlagSpec.Bool("detach", 'd', ""), FlagSpec.Bool("interactive", 'i', ""), FlagSpec.Bool("tty", 't', ""),
            FlagSpec.List("env", 'e', ""), FlagSpec.Value("name", null, ""), FlagSpec.Bool("rm", null, ""),
            FlagSpec.Value("memory", 'm', "", "bytes"),
        ],
        Run = _ => 0,
    };

    static ParsedArgs Parse(params string[] args) => FlagParser.Parse(Run, args);

    [Fact]
    public void CombinedShortBooleans()
    {
        var parsed = Parse("-dit", "busybox");
        Assert.True(parsed.Bool("detach"));
        Assert.True(parsed.Bool("interactive"));
        Assert.True(parsed.Bool("tty"));
        Assert.Equal(["busybox"], parsed.Arguments);
    }

    [Fact]
    public void ShortValueForms()
    {
        Assert.Equal(["A=1", "B=2", "C=3"], Parse("-eA=1", "-e", "B=2", "-e=C=3", "img").List("env"));
        Assert.Equal("64m", Parse("-dm64m", "img").Value("memory"));
    }

    [Fact]
    public void LongValueForms()
    {
        Assert.Equal("x", Parse("--name=x", "img").Value("name"));
        Assert.Equal("y", Parse("--name", "y", "img").Value("name"));
        Assert.False(Parse("--rm=false", "img").Bool("rm"));
    }

    [Fact]
    public void FlagsAfterTheImageBelongToTheCommand()
    {
        var parsed = Parse("--rm", "busybox", "ls", "-la", "--name", "x");
        Assert.Null(parsed.Value("name"));
        Assert.Equal(["busybox", "ls", "-la", "--name", "x"], parsed.Arguments);
    }

    [Fact]
    public void DoubleDashEndsFlags() => Assert.Equal(["-d", "img"], Parse("--", "-d", "img").Arguments);

    [Fact]
    public void SingleDashIsAnArgument() => Assert.Equal(["-"], FlagParser.Parse(Run with { StopAtFirstArgument = false }, ["-"]).Arguments);

    [Theory]
    [InlineData("unknown flag: --bogus", "--bogus", "img")]
    [InlineData("unknown shorthand flag: 'x' in -dx", "-dx", "img")]
    [InlineData("flag needs an argument: --name", "--name")]
    [InlineData("flag needs an argument: 'm' in -m", "-m")]
    public void ErrorsReadLikeDockers(string message, params string[] args)
    {
        var error = Assert.Throws<UsageException>(() => Parse(args));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void BadBooleanValueIsAnError() => Assert.Throws<UsageException>(() => Parse("--rm=maybe", "img"));

    [Fact]
    public void LastValueWins() => Assert.Equal("b", Parse("--name", "a", "--name", "b", "img").Value("name"));
}
