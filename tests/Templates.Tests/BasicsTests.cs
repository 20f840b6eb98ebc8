using System.Text.Json.Nodes;
using static Berth.Templates.Tests.Render;

namespace Berth.Templates.Tests;

public class BasicsTests
{
    private const string Container = """
        {"Id":"4f66ad9a0b2e","Name":"/web","State":{"Status":"running","Running":true,"Pid":4242},
         "Config":{"Env":["PATH=/usr/bin","TERM=xterm"],"Labels":{"b":"2","a":"1"},"Cmd":null}}
        """;

    [Fact]
    public void PlainTextPassesThrough() => Assert.Equal("hello, world\n", Run("hello, world\n"));

    [Fact]
    public void EmptyTemplatePrintsNothing() => Assert.Equal("", Run(""));

    [Fact]
    public void FieldChainsWalkNestedObjects()
    {
        Assert.Equal("4f66ad9a0b2e running 4242", Run("{{.Id}} {{.State.Status}} {{.State.Pid}}", Container));
    }

    [Fact]
    public void DotIsTheWholeData() => Assert.Equal("x", Run("{{.}}", "\"x\""));

    [Fact]
    public void DollarIsTheDataEvenInsideRange() =>
        Assert.Equal("web:a web:b ", Run("{{range .L}}{{$.N}}:{{.}} {{end}}", """{"N":"web","L":["a","b"]}"""));

    [Fact]
    public void NullDataIsNil() => Assert.Equal("<nil>", GoTemplate.Parse("{{.}}").Execute(null));

    [Fact]
    public void ExecuteWritesToATextWriter()
    {
        var output = new StringWriter();
        GoTemplate.Parse("[{{.Name}}]").Execute(JsonNode.Parse(Container), output);
        Assert.Equal("[/web]", output.ToString());
    }

    [Fact]
    public void ATemplateCanBeExecutedManyTimes()
    {
        var template = GoTemplate.Parse("{{.N}}");
        Assert.Equal("1", template.Execute(JsonNode.Parse("""{"N":1}""")));
        Assert.Equal("2", template.Execute(JsonNode.Parse("""{"N":2}""")));
    }

    [Fact]
    public void ATemplateIsSafeToExecuteInParallel()
    {
        var template = GoTemplate.Parse("{{range $i, $e := .L}}{{$i}}{{$e}}{{end}}");
        var results = new string[64];
        Parallel.For(0, results.Length, i => results[i] = template.Execute(JsonNode.Parse($$"""{"L":["{{i}}","x"]}""")));
        for (int i = 0; i < results.Length; i++) Assert.Equal($"0{i}1x", results[i]);
    }

    [Fact]
    public void CommentsPrintNothing() => Assert.Equal("ab", Run("a{{/* a comment */}}b"));

    [Fact]
    public void MultiLineComments() => Assert.Equal("ab", Run("a{{/* one\ntwo */}}b"));

    [Fact]
    public void TrimMarkersEatSurroundingWhiteSpace()
    {
        Assert.Equal("a|b", Run("a  \n\t {{- \"|\" -}} \n  b"));
        Assert.Equal("a  |b", Run("a  {{\"|\" -}}   b"));
        Assert.Equal("a|   b", Run("a  {{- \"|\"}}   b"));
    }

    [Fact]
    public void TrimMarkersAroundComments() => Assert.Equal("ab", Run("a {{- /* gone */ -}} b"));

    [Fact]
    public void ATrimMarkerNeedsTheSpace() => Assert.Equal("-3", Run("{{-3}}"));

    [Fact]
    public void ActionsMaySpanLines() => Assert.Equal("running", Run("{{\n  .State.Status\n}}", Container));

    [Fact]
    public void StringLiteralsUseGoEscapes()
    {
        Assert.Equal("a\tb\n\"c\"\\", Run("{{\"a\\tb\\n\\\"c\\\"\\\\\"}}"));
        Assert.Equal("AéA😀", Run("{{\"\\x41\\u00e9\\101\\U0001F600\"}}"));
        Assert.Equal("é", Run("{{\"\\xc3\\xa9\"}}"));
    }

    [Fact]
    public void RawStringsAreVerbatim() => Assert.Equal("a\\tb {{x}}", Run("{{`a\\tb {{x}}`}}"));

    [Theory]
    [InlineData("{{42}}", "42")]
    [InlineData("{{-7}}", "-7")]
    [InlineData("{{0x1F}}", "31")]
    [InlineData("{{0o17}}", "15")]
    [InlineData("{{017}}", "15")]
    [InlineData("{{0b101}}", "5")]
    [InlineData("{{1_000_000}}", "1000000")]
    [InlineData("{{1.5}}", "1.5")]
    [InlineData("{{1e3}}", "1000")]
    [InlineData("{{1e6}}", "1e+06")]
    [InlineData("{{.5}}", "0.5")]
    [InlineData("{{'a'}}", "97")]
    [InlineData("{{'\\n'}}", "10")]
    [InlineData("{{true}}", "true")]
    [InlineData("{{false}}", "false")]
    public void Literals(string template, string expected) => Assert.Equal(expected, Run(template));

    [Fact]
    public void VariablesDeclareAndAssign()
    {
        Assert.Equal("1", Run("{{$x := 1}}{{$x}}"));
        Assert.Equal("2", Run("{{$x := 1}}{{$x = 2}}{{$x}}"));
        Assert.Equal("running", Run("{{$s := .State}}{{$s.Status}}", Container));
    }

    [Fact]
    public void DeclarationsPrintNothing() => Assert.Equal("", Run("{{$x := 5}}"));

    [Fact]
    public void VariablesAreScopedToTheirControlStructure()
    {
        Assert.Equal("21", Run("{{$x := 1}}{{if true}}{{$x := 2}}{{$x}}{{end}}{{$x}}"));
        Assert.Equal("2", Run("{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}"));
    }

    [Fact]
    public void PipelinesPassTheValueAsLastArgument()
    {
        Assert.Equal("running!", Run("{{.State.Status | printf \"%s!\"}}", Container));
        Assert.Equal("a-x", Run("{{\"x\" | printf \"%s-%s\" \"a\"}}"));
        Assert.Equal("RUNNING", Run("{{.State.Status | upper}}", Container));
        Assert.Equal("\"RUN\"", Run("{{truncate (upper .State.Status) 3 | printf \"%q\"}}", Container));
    }

    [Fact]
    public void ParenthesizedPipelines()
    {
        Assert.Equal("TERM=xterm", Run("{{printf \"%s\" (index .Config.Env 1)}}", Container));
        Assert.Equal("running", Run("{{(.State).Status}}", Container));
        Assert.Equal("b", Run("{{(index .Items 1).Name}}", """{"Items":[{"Name":"a"},{"Name":"b"}]}"""));
        Assert.Equal("2", Run("{{$m := .Config}}{{(index $m.Labels \"b\")}}", Container));
    }

    [Fact]
    public void VariableFieldChains() =>
        Assert.Equal("xterm", Run("{{range $e := .Config.Env}}{{if eq (index (split $e \"=\") 0) \"TERM\"}}{{index (split $e \"=\") 1}}{{end}}{{end}}", Container));

    [Fact]
    public void LabelsByKey() => Assert.Equal("1", Run("{{index .Config.Labels \"a\"}}", Container));

    [Fact]
    public void KeysAreCaseSensitive() =>
        Assert.StartsWith("template: :1:2: executing \"\" at <.id>", ExecError("{{.id}}", Container));

    [Fact]
    public void NonAsciiKeysAndText() => Assert.Equal("ünï ☃", Run("ünï {{.Größe}}", """{"Größe":"☃"}"""));
}
