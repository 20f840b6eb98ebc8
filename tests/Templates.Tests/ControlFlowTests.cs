using static Berth.Templates.Tests.Render;

namespace Berth.Templates.Tests;

public class ControlFlowTests
{
    [Theory]
    [InlineData("true", "yes")]
    [InlineData("false", "no")]
    [InlineData("1", "yes")]
    [InlineData("0", "no")]
    [InlineData("-1", "yes")]
    [InlineData("0.0", "no")]
    [InlineData("0.5", "yes")]
    [InlineData("\"\"", "no")]
    [InlineData("\"x\"", "yes")]
    [InlineData("[]", "no")]
    [InlineData("[0]", "yes")]
    [InlineData("{}", "no")]
    [InlineData("{\"a\":null}", "yes")]
    [InlineData("null", "no")]
    public void IfUsesGoTruthiness(string value, string expected) =>
        Assert.Equal(expected, Run("{{if .V}}yes{{else}}no{{end}}", $$"""{"V":{{value}}}"""));

    [Fact]
    public void ElseIfChains()
    {
        const string template = "{{if eq .N 1}}one{{else if eq .N 2}}two{{else if eq .N 3}}three{{else}}many{{end}}";
        Assert.Equal("one", Run(template, """{"N":1}"""));
        Assert.Equal("two", Run(template, """{"N":2}"""));
        Assert.Equal("three", Run(template, """{"N":3}"""));
        Assert.Equal("many", Run(template, """{"N":9}"""));
    }

    [Fact]
    public void IfWithoutElse() => Assert.Equal("[]", Run("[{{if .V}}x{{end}}]", """{"V":false}"""));

    [Fact]
    public void IfCanDeclareAVariable() => Assert.Equal("7", Run("{{if $n := .N}}{{$n}}{{end}}", """{"N":7}"""));

    [Fact]
    public void RangeOverAnArray() => Assert.Equal("a,b,c,", Run("{{range .L}}{{.}},{{end}}", """{"L":["a","b","c"]}"""));

    [Fact]
    public void RangeWithIndexAndElement() =>
        Assert.Equal("0=a 1=b ", Run("{{range $i, $e := .L}}{{$i}}={{$e}} {{end}}", """{"L":["a","b"]}"""));

    [Fact]
    public void RangeWithOneVariableGetsTheElement() =>
        Assert.Equal("ab", Run("{{range $e := .L}}{{$e}}{{end}}", """{"L":["a","b"]}"""));

    [Fact]
    public void RangeOverAnObjectIsInSortedKeyOrder() =>
        Assert.Equal("a=1;b=2;c=3;", Run("{{range $k, $v := .M}}{{$k}}={{$v}};{{end}}", """{"M":{"c":3,"a":1,"b":2}}"""));

    [Fact]
    public void RangeOverAnObjectWithoutVariablesSetsDotToValues() =>
        Assert.Equal("123", Run("{{range .M}}{{.}}{{end}}", """{"M":{"c":3,"a":1,"b":2}}"""));

    [Fact]
    public void RangeOverObjectsInAnArray() =>
        Assert.Equal("/a:/x /b:/y ", Run("{{range .Mounts}}{{.Source}}:{{.Destination}} {{end}}",
            """{"Mounts":[{"Source":"/a","Destination":"/x"},{"Source":"/b","Destination":"/y"}]}"""));

    [Theory]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("null")]
    public void RangeElseRunsWhenEmpty(string value) =>
        Assert.Equal("none", Run("{{range .L}}x{{else}}none{{end}}", $$"""{"L":{{value}}}"""));

    [Fact]
    public void RangeOverAnInteger() => Assert.Equal("0 1 2 ", Run("{{range 3}}{{.}} {{end}}"));

    [Fact]
    public void BreakAndContinue()
    {
        const string data = """{"L":[1,2,3,4,5]}""";
        Assert.Equal("12", Run("{{range .L}}{{if eq . 3}}{{break}}{{end}}{{.}}{{end}}", data));
        Assert.Equal("1245", Run("{{range .L}}{{if eq . 3}}{{continue}}{{end}}{{.}}{{end}}", data));
    }

    [Fact]
    public void BreakLeavesOnlyTheInnermostRange() =>
        Assert.Equal("a1 b1 ", Run("{{range .O}}{{$o := .}}{{range $.I}}{{if eq . 2}}{{break}}{{end}}{{$o}}{{.}} {{end}}{{end}}",
            """{"O":["a","b"],"I":[1,2,3]}"""));

    [Fact]
    public void RangeVariablesCanBeAssigned() =>
        Assert.Equal("1:b", Run("{{$i := 0}}{{$e := \"\"}}{{range $i, $e = .L}}{{end}}{{$i}}:{{$e}}", """{"L":["a","b"]}"""));

    [Fact]
    public void WithSetsDot()
    {
        Assert.Equal("running", Run("{{with .State}}{{.Status}}{{end}}", """{"State":{"Status":"running"}}"""));
        Assert.Equal("none", Run("{{with .Health}}{{.Status}}{{else}}none{{end}}", """{"Health":null}"""));
    }

    [Fact]
    public void WithDeclaringAVariable() => Assert.Equal("x", Run("{{with $v := .V}}{{$v}}{{end}}", """{"V":"x"}"""));

    [Fact]
    public void ElseWith()
    {
        const string template = "{{with .A}}a={{.}}{{else with .B}}b={{.}}{{else}}neither{{end}}";
        Assert.Equal("a=1", Run(template, """{"A":1,"B":2}"""));
        Assert.Equal("b=2", Run(template, """{"A":0,"B":2}"""));
        Assert.Equal("neither", Run(template, """{"A":0,"B":0}"""));
    }

    [Fact]
    public void DefineAndTemplate() =>
        Assert.Equal("[a][b]", Run("{{define \"item\"}}[{{.}}]{{end}}{{range .L}}{{template \"item\" .}}{{end}}", """{"L":["a","b"]}"""));

    [Fact]
    public void TemplateWithoutPipelineGetsNilDot() =>
        Assert.Equal("<nil>", Run("{{define \"t\"}}{{.}}{{end}}{{template \"t\"}}"));

    [Fact]
    public void TemplatesDoNotSeeTheCallersVariables() =>
        Assert.Equal("inner", Run("{{define \"t\"}}{{$}}{{end}}{{$x := 1}}{{template \"t\" \"inner\"}}"));

    [Fact]
    public void RecursiveTemplates() =>
        Assert.Equal("3 2 1 ", Run("{{define \"down\"}}{{if .}}{{index . 0}} {{template \"down\" (slice . 1)}}{{end}}{{end}}{{template \"down\" .L}}",
            """{"L":[3,2,1]}"""));

    [Fact]
    public void BlockDefinesAndRuns() => Assert.Equal("hi web", Run("{{block \"greet\" .}}hi {{.Name}}{{end}}", """{"Name":"web"}"""));

    [Fact]
    public void DefineMayComeAfterItsUse() => Assert.Equal("ok", Run("{{template \"t\"}}{{define \"t\"}}ok{{end}}"));

    [Fact]
    public void OnlyWhiteSpaceAroundDefinitionsIsKept() =>
        Assert.Equal("\nx", Run("{{define \"a\"}}A{{end}}\n{{\"x\"}}"));

    [Fact]
    public void RunawayRecursionIsAnError()
    {
        string message = ExecError("{{define \"loop\"}}{{template \"loop\" .}}{{end}}{{template \"loop\" .}}");
        Assert.Contains("exceeded maximum template depth", message);
    }
}
