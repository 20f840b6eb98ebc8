using Berth.Build.Dockerfile;
using Berth.Sys.Errors;

namespace Berth.Build.Tests;

public class ShellLexTests
{
    static readonly Dictionary<string, string> Env = new() { ["SET"] = "value", ["EMPTY"] = "", ["SPACED"] = "a b" };
    static string? Lookup(string name) => Env.TryGetValue(name, out var v) ? v : null;
    static string Word(string text) => new ShellLex().ProcessWord(text, Lookup);

    [Theory]
    [InlineData("$SET", "value")]
    [InlineData("${SET}", "value")]
    [InlineData("pre${SET}post", "prevaluepost")]
    [InlineData("$UNSET", "")]
    [InlineData("${UNSET:-dflt}", "dflt")]
    [InlineData("${EMPTY:-dflt}", "dflt")]
    [InlineData("${EMPTY-dflt}", "")]
    [InlineData("${UNSET-dflt}", "dflt")]
    [InlineData("${SET:+alt}", "alt")]
    [InlineData("${EMPTY:+alt}", "")]
    [InlineData("${EMPTY+alt}", "alt")]
    [InlineData("${UNSET+alt}", "")]
    [InlineData("${UNSET:-$SET}", "value")]
    [InlineData("${UNSET:-${SET}x}", "valuex")]
    [InlineData("${SET#val}", "ue")]
    [InlineData("${SET%ue}", "val")]
    [InlineData("'$SET'", "$SET")]
    [InlineData("\"$SET\"", "value")]
    [InlineData("\\$SET", "$SET")]
    [InlineData("\"a \\\"q\\\" b\"", "a \"q\" b")]
    [InlineData("\"\\n\"", "\\n")]
    [InlineData("$", "$")]
    [InlineData("a$-b", "a$-b")]
    public void ExpandsAsDockerDoes(string text, string expected) => Assert.Equal(expected, Word(text));

    [Fact]
    public void RequiredVariableFailsWithItsMessage()
    {
        Assert.Contains("UNSET: must be set", Assert.Throws<BerthException>(() => Word("${UNSET:?must be set}")).Message);
        Assert.Equal("value", Word("${SET:?x}"));
    }

    [Fact]
    public void WordsSplitOnUnquotedWhitespaceAndUnquotedExpansions()
    {
        var lex = new ShellLex();
        Assert.Equal(["a", "b c", "d"], lex.ProcessWords("a \"b c\" d", Lookup));
        Assert.Equal(["a", "b", "x"], lex.ProcessWords("$SPACED x", Lookup));
        Assert.Equal(["a b", "x"], lex.ProcessWords("\"$SPACED\" x", Lookup));
        Assert.Equal(["x"], lex.ProcessWords("$UNSET x", Lookup));
    }

    [Fact]
    public void BacktickEscapeWorksAsTheDirectiveSays()
    {
        Assert.Equal("$SET c:\\dir", new ShellLex('`').ProcessWord("`$SET c:\\dir", Lookup));
    }

    [Fact]
    public void HeredocBodiesKeepQuotes()
    {
        Assert.Equal("say \"value\" 'x'\n", new ShellLex().ProcessHeredoc("say \"$SET\" 'x'\n", Lookup));
    }
}
