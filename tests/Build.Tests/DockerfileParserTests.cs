using Berth.Build.Dockerfile;
using Berth.Sys.Errors;

namespace Berth.Build.Tests;

public class DockerfileParserTests
{
    [Fact]
    public void ReadsDirectivesCommentsContinuationsAndForms()
    {
        var file = DockerfileParser.Parse("""
            # syntax=docker/dockerfile:1
            # check=skip=all
            # a comment
            FROM busybox AS base
            RUN echo a \
              # a comment inside a continuation vanishes
                && echo b
            CMD ["echo", "exec form"]
            ENTRYPOINT [not json
            copy --chown=1:2 --chmod=644 a b /dest/
            """);
        Assert.Equal('\\', file.Escape);
        Assert.Equal(["FROM", "RUN", "CMD", "ENTRYPOINT", "COPY"], file.Instructions.Select(i => i.Keyword));
        Assert.Equal("echo a     && echo b", file.Instructions[1].Arguments);
        Assert.Equal(5, file.Instructions[1].Line);
        Assert.Equal(["echo", "exec form"], file.Instructions[2].Json!);
        Assert.Null(file.Instructions[3].Json);
        Assert.Equal(["--chown=1:2", "--chmod=644"], file.Instructions[4].Flags);
        Assert.Equal("a b /dest/", file.Instructions[4].Arguments);
    }

    [Fact]
    public void EscapeDirectiveChangesTheContinuationCharacter()
    {
        var file = DockerfileParser.Parse("# escape=`\nFROM busybox\nRUN echo a `\n  b\nCOPY c:\\dir\\ /x\n");
        Assert.Equal('`', file.Escape);
        Assert.Equal("echo a   b", file.Instructions[1].Arguments);
        Assert.Equal("c:\\dir\\ /x", file.Instructions[2].Arguments);
    }

    [Fact]
    public void DirectivesAreOnlyReadAtTheTop()
    {
        var file = DockerfileParser.Parse("FROM busybox\n# escape=`\nRUN echo a \\\n b\n");
        Assert.Equal('\\', file.Escape);
        Assert.Equal("echo a  b", file.Instructions[1].Arguments);
    }

    [Fact]
    public void HeredocsAreReadInOrderWithTabStrippingAndQuoting()
    {
        var file = DockerfileParser.Parse("FROM busybox\nCOPY <<EOF <<-'END' /dest/\none $X\nEOF\n\t\ttwo\n\tEND\nRUN echo after\n");
        var copy = file.Instructions[1];
        Assert.Equal(2, copy.Heredocs.Count);
        Assert.Equal(new Heredoc("EOF", "one $X\n", Expand: true), copy.Heredocs[0]);
        Assert.Equal(new Heredoc("END", "two\n", Expand: false), copy.Heredocs[1]);
        Assert.Equal("RUN", file.Instructions[2].Keyword);
        Assert.Equal(7, file.Instructions[2].Line);
    }

    [Fact]
    public void UnknownInstructionNamesTheLineAndSuggests()
    {
        var error = Assert.Throws<BerthException>(() => DockerfileParser.Parse("FROM busybox\n\nCOPPY a b\n"));
        Assert.Equal("Dockerfile:3: unknown instruction: COPPY (did you mean COPY?)", error.Message);
    }

    [Fact]
    public void InvalidEscapeAndUnterminatedHeredocAreErrors()
    {
        Assert.Contains("invalid escape token", Assert.Throws<BerthException>(() => DockerfileParser.Parse("# escape=x\nFROM a\n")).Message);
        Assert.Contains("Dockerfile:2: unterminated heredoc <<EOF", Assert.Throws<BerthException>(() => DockerfileParser.Parse("FROM a\nRUN <<EOF\nno end\n")).Message);
    }

    [Fact]
    public void StagesSplitAndFindByNameOrIndex()
    {
        var file = DockerfileParser.Parse("ARG V=1\nFROM busybox AS Build\nRUN x\nFROM build\nCOPY --from=0 /a /b\n");
        var plan = StagePlan.From(file, n => n.Arguments.Contains(" AS ") ? n.Arguments.Split(' ')[2].ToLowerInvariant() : null);
        Assert.Single(plan.GlobalArgs);
        Assert.Equal(2, plan.Stages.Count);
        Assert.Same(plan.Stages[0], plan.Find("build"));
        Assert.Same(plan.Stages[0], plan.Find("0"));
        Assert.Null(plan.Find("build", before: 0));
        Assert.Contains("only ARG may come before FROM", Assert.Throws<BerthException>(() => StagePlan.From(DockerfileParser.Parse("ENV A=1\nFROM x\n"), _ => null)).Message);
    }

    [Fact]
    public void KeyValueArgumentsKeepQuotesForSubstitutionAndAcceptTheLegacyForm()
    {
        var node = DockerfileParser.ParseLine("ENV A=1 B=\"two words\" C='x y'", 1);
        Assert.Equal([("A", "1"), ("B", "\"two words\""), ("C", "'x y'")], KeyValueArgs.Parse(node, '\\', allowLegacy: true, allowBare: false));
        var legacy = DockerfileParser.ParseLine("ENV NAME some value here", 1);
        Assert.Equal([("NAME", "some value here")], KeyValueArgs.Parse(legacy, '\\', allowLegacy: true, allowBare: false));
        var arg = DockerfileParser.ParseLine("ARG A B=2", 1);
        Assert.Equal([("A", null), ("B", "2")], KeyValueArgs.Parse(arg, '\\', allowLegacy: false, allowBare: true));
    }

    [Fact]
    public void UnknownFlagIsRefused()
    {
        var node = DockerfileParser.ParseLine("COPY --chwn=1 a b", 4);
        Assert.Contains("Dockerfile:4: unknown flag: --chwn for COPY", Assert.Throws<BerthException>(() => new InstructionFlags(node, "chown")).Message);
    }
}
