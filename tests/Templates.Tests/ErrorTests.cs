using static Berth.Templates.Tests.Render;

namespace Berth.Templates.Tests;

/// <summary>Errors read exactly as Go's (and so docker's) do.</summary>
public class ErrorTests
{
    [Theory]
    [InlineData("{{.Foo}", "template: :1: unexpected \"}\" in operand")]
    [InlineData("{{foo}}", "template: :1: function \"foo\" not defined")]
    [InlineData("{{call .F}}", "template: :1: function \"call\" not defined")]
    [InlineData("{{if .X}}", "template: :1: unexpected EOF")]
    [InlineData("{{range .X}}a", "template: :1: unexpected EOF")]
    [InlineData("{{end}}", "template: :1: unexpected {{end}}")]
    [InlineData("{{else}}", "template: :1: unexpected {{else}}")]
    [InlineData("{{if .X}}{{else}}{{else}}{{end}}", "template: :1: expected end; found {{else}}")]
    [InlineData("{{.X", "template: :1: unclosed action")]
    [InlineData("{{", "template: :1: unclosed action")]
    [InlineData("{{$x}}", "template: :1: undefined variable \"$x\"")]
    [InlineData("{{if true}}{{$x := 1}}{{end}}{{$x}}", "template: :1: undefined variable \"$x\"")]
    [InlineData("{{/* x", "template: :1: unclosed comment")]
    [InlineData("{{/* x */ .X}}", "template: :1: comment ends before closing delimiter")]
    [InlineData("{{break}}", "template: :1: {{break}} outside {{range}}")]
    [InlineData("{{continue}}", "template: :1: {{continue}} outside {{range}}")]
    [InlineData("{{range .L}}{{else}}{{break}}{{end}}", "template: :1: {{break}} outside {{range}}")]
    [InlineData("{{range .L}}{{define \"x\"}}{{end}}{{end}}", "template: :1: unexpected <define> in command")]
    [InlineData("{{\"abc}}", "template: :1: unterminated quoted string")]
    [InlineData("{{`abc}}", "template: :1: unterminated raw quoted string")]
    [InlineData("{{'a}}", "template: :1: unterminated character constant")]
    [InlineData("{{'ab'}}", "template: :1: malformed character constant: 'ab'")]
    [InlineData("{{\"\\q\"}}", "template: :1: invalid syntax")]
    [InlineData("{{)}}", "template: :1: unexpected right paren U+0029 ')'")]
    [InlineData("{{(.X}}", "template: :1: unclosed left paren")]
    [InlineData("{{}}", "template: :1: missing value for command")]
    [InlineData("{{if}}{{end}}", "template: :1: missing value for if")]
    [InlineData("{{.X | 1}}", "template: :1: non executable command in pipeline stage 2")]
    [InlineData("{{3x}}", "template: :1: bad number syntax: \"3x\"")]
    [InlineData("{{1+2i}}", "template: :1: complex numbers are not supported: \"1+2i\"")]
    [InlineData("{{99999999999999999999}}", "template: :1: integer overflow: \"99999999999999999999\"")]
    [InlineData("{{.X.}}", "template: :1: unexpected <.> in operand")]
    [InlineData("{{.X.Y+1}}", "template: :1: bad character U+002B '+'")]
    [InlineData("{{.X+1}}", "template: :1: bad character U+002B '+'")]
    [InlineData("{{.X §}}", "template: :1: unrecognized character in action: U+00A7 '§'")]
    [InlineData("{{.X @}}", "template: :1: unexpected \"@\" in operand")]
    [InlineData("{{\"a\".X}}", "template: :1: unexpected . after term \"\\\"a\\\"\"")]
    [InlineData("{{range $i, $v, $w := .}}{{end}}", "template: :1: too many declarations in range")]
    [InlineData("{{with $x, $y := .}}{{end}}", "template: :1: too many declarations in with")]
    [InlineData("{{range $i, 3}}{{end}}", "template: :1: range can only initialize variables")]
    [InlineData("{{template .X}}", "template: :1: unexpected \".X\" in template clause")]
    [InlineData("{{define \"x\"}}a{{end}}{{define \"x\"}}b{{end}}", "template: :1: template: multiple definition of template \"x\"")]
    [InlineData("{{.X : 1}}", "template: :1: expected :=")]
    [InlineData("{{printf \"%s\" .VeryLongFieldName | .X 1 2 ]}}", "template: :1: unexpected \"]\" in operand")]
    [InlineData("{{if .X}}{{else}}{{\"0123456789abc\" 1 x", "template: :1: function \"x\" not defined")]
    public void ParseErrors(string template, string expected) => Assert.Equal(expected, ParseError(template));

    [Fact]
    public void ParseErrorsReportTheLine()
    {
        Assert.Equal("template: :3: function \"nope\" not defined", ParseError("a\nb\n{{nope}}"));
        Assert.Equal("template: :2: unclosed action", ParseError("a\n{{.X"));
        Assert.Equal("template: :2: unclosed action started at :1", ParseError("{{.X\n"));
    }

    [Fact]
    public void LongTokensAreAbbreviated() =>
        Assert.Equal("template: :1: unexpected \"0123456789\"... in template clause", ParseError("{{template 0123456789012}}"));

    [Theory]
    [InlineData("{{.Foo}}", "template: :1:2: executing \"\" at <.Foo>: map has no entry for key \"Foo\"")]
    [InlineData("{{.State.Foo}}", "template: :1:8: executing \"\" at <.State.Foo>: map has no entry for key \"Foo\"")]
    [InlineData("{{ json .Foo }}", "template: :1:8: executing \"\" at <.Foo>: map has no entry for key \"Foo\"")]
    [InlineData("{{.Id.First}}", "template: :1:5: executing \"\" at <.Id.First>: can't evaluate field First in type string")]
    [InlineData("{{.Health.Status}}", "template: :1:9: executing \"\" at <.Health.Status>: nil pointer evaluating interface {}.Status")]
    [InlineData("{{index .L 5}}", "template: :1:2: executing \"\" at <index .L 5>: error calling index: index out of range: 5")]
    [InlineData("{{index .L 1}}", "template: :1:2: executing \"\" at <index .L 1>: error calling index: reflect: slice index out of range")]
    [InlineData("{{index .Id 3}}", "template: :1:2: executing \"\" at <index .Id 3>: error calling index: reflect: string index out of range")]
    [InlineData("{{index .L \"a\"}}", "template: :1:2: executing \"\" at <index .L \"a\">: error calling index: cannot index slice/array with type string")]
    [InlineData("{{index .State 1}}", "template: :1:2: executing \"\" at <index .State 1>: error calling index: value has type int; should be string")]
    [InlineData("{{index .Name 1 2}}", "template: :1:2: executing \"\" at <index .Name 1 2>: error calling index: can't index item of type int")]
    [InlineData("{{index .Health 0}}", "template: :1:2: executing \"\" at <index .Health 0>: error calling index: index of untyped nil")]
    [InlineData("{{slice .Id 2 1}}", "template: :1:2: executing \"\" at <slice .Id 2 1>: error calling slice: invalid slice index: 2 > 1")]
    [InlineData("{{slice .Id 0 1 2}}", "template: :1:2: executing \"\" at <slice .Id 0 1 2>: error calling slice: cannot 3-index slice a string")]
    [InlineData("{{len 3}}", "template: :1:2: executing \"\" at <len 3>: error calling len: len of type int")]
    [InlineData("{{eq \"a\" 1}}", "template: :1:2: executing \"\" at <eq \"a\" 1>: error calling eq: incompatible types for comparison: string and int")]
    [InlineData("{{eq .L .L}}", "template: :1:2: executing \"\" at <eq .L .L>: error calling eq: non-comparable type [1]: []interface {}")]
    [InlineData("{{eq 1}}", "template: :1:2: executing \"\" at <eq 1>: error calling eq: missing argument for comparison")]
    [InlineData("{{lt true false}}", "template: :1:2: executing \"\" at <lt true false>: error calling lt: invalid type for comparison")]
    [InlineData("{{lt .L 1}}", "template: :1:2: executing \"\" at <lt .L 1>: error calling lt: invalid type for comparison")]
    [InlineData("{{json}}", "template: :1:2: executing \"\" at <json>: wrong number of args for json: want 1 got 0")]
    [InlineData("{{index}}", "template: :1:2: executing \"\" at <index>: wrong number of args for index: want at least 1 got 0")]
    [InlineData("{{not 1 2}}", "template: :1:2: executing \"\" at <not>: wrong number of args for not: want 1 got 2")]
    [InlineData("{{lower 5}}", "template: :1:8: executing \"\" at <5>: expected string; found 5")]
    [InlineData("{{pad \"x\" \"a\" 1}}", "template: :1:10: executing \"\" at <\"a\">: expected integer; found \"a\"")]
    [InlineData("{{upper .Name}}", "template: :1:8: executing \"\" at <.Name>: wrong type for value; expected string; got int")]
    [InlineData("{{upper .Health}}", "template: :1:8: executing \"\" at <.Health>: invalid value; expected string")]
    [InlineData("{{lower nil}}", "template: :1:8: executing \"\" at <nil>: cannot assign nil to string")]
    [InlineData("{{join .Name \",\"}}", "template: :1:7: executing \"\" at <.Name>: wrong type for value; expected []string; got int")]
    [InlineData("{{truncate .Id -1}}", "template: :1:2: executing \"\" at <truncate .Id -1>: error calling truncate: runtime error: slice bounds out of range [:-1]")]
    [InlineData("{{nil}}", "template: :1:2: executing \"\" at <nil>: nil is not a command")]
    [InlineData("{{1 2}}", "template: :1:2: executing \"\" at <1>: can't give argument to non-function 1")]
    [InlineData("{{.Name 1}}", "template: :1:2: executing \"\" at <.Name>: Name is not a method but has arguments")]
    [InlineData("{{$x = 1}}", "template: :1:7: executing \"\" at <1>: undefined variable: $x")]
    [InlineData("{{range .Id}}{{end}}", "template: :1:8: executing \"\" at <.Id>: range can't iterate over abc")]
    [InlineData("{{range $i, $v := 3}}{{end}}", "template: :1:18: executing \"\" at <3>: can't use 3 to iterate over more than one variable")]
    [InlineData("{{template \"x\"}}", "template: :1:11: executing \"\" at <{{template \"x\"}}>: template \"x\" not defined")]
    [InlineData("{{(nil).X}}", "template: :1:3: executing \"\" at <nil>: nil is not a command")]
    public void ExecutionErrors(string template, string expected) =>
        Assert.Equal(expected, ExecError(template, """{"L":[1],"Name":5,"State":{"A":1},"Health":null,"Id":"abc"}"""));

    [Fact]
    public void FieldsAfterAParenthesizedPipelineReportItsLastNode() =>
        // Go's quirk, kept: the error sits at the last argument evaluated inside the parentheses.
        Assert.Equal("template: :1:16: executing \"\" at <0>: map has no entry for key \"Missing\"",
            ExecError("{{(index .Items 0).Missing}}", """{"Items":[{"Name":"a"}]}"""));

    [Fact]
    public void ErrorsInsideDefinedTemplatesNameThem() =>
        Assert.Equal("template: :1:18: executing \"row\" at <.Missing>: map has no entry for key \"Missing\"",
            ExecError("{{define \"row\"}}{{.Missing}}{{end}}{{template \"row\" .}}"));

    [Fact]
    public void ErrorsOnLaterLinesCountColumnsFromTheLineStart() =>
        Assert.Equal("template: :2:3: executing \"\" at <.Foo>: map has no entry for key \"Foo\"", ExecError("x\n{{ .Foo}}"));

    [Fact]
    public void ColumnsAreCountedInBytes() =>
        Assert.Equal("template: :1:5: executing \"\" at <.Foo>: map has no entry for key \"Foo\"", ExecError("é {{.Foo}}"));

    [Fact]
    public void OutputBeforeAnErrorIsKept()
    {
        var output = new StringWriter();
        var template = GoTemplate.Parse("before {{.Missing}} after");
        Assert.Throws<TemplateException>(() => template.Execute(new System.Text.Json.Nodes.JsonObject(), output));
        Assert.Equal("before ", output.ToString());
    }

    [Fact]
    public void NullArgumentsAreRejected()
    {
        Assert.Throws<ArgumentNullException>(() => GoTemplate.Parse(null!));
        Assert.Throws<ArgumentNullException>(() => GoTemplate.Parse("x").Execute(null, null!));
    }
}
