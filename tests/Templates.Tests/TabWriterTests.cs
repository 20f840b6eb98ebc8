namespace Berth.Templates.Tests;

/// <summary>The tabwriter aligns like Go's text/tabwriter.</summary>
public class TabWriterTests
{
    private static string Format(string input, int minWidth = 0, int tabWidth = 8, int padding = 1, char padChar = '.', TabWriterFlags flags = TabWriterFlags.None)
    {
        var output = new StringWriter();
        var writer = new TabWriter(output, minWidth, tabWidth, padding, padChar, flags);
        writer.Write(input);
        writer.Flush();
        return output.ToString();
    }

    [Fact]
    public void TextWithoutTabsPassesThrough() => Assert.Equal("hello\nworld\n", Format("hello\nworld\n"));

    [Fact]
    public void NothingWrittenGivesNothing() => Assert.Equal("", Format(""));

    [Fact]
    public void ColumnsTakeTheWidestCellPlusPadding() =>
        Assert.Equal("a..b...c\naa.bbb.cccc\n", Format("a\tb\tc\naa\tbbb\tcccc\n"));

    [Fact]
    public void AlignRight() =>
        Assert.Equal("..a...bc\n.aa.bbbcccc\n", Format("a\tb\tc\naa\tbbb\tcccc\n", flags: TabWriterFlags.AlignRight));

    [Fact]
    public void MinimumWidth() => Assert.Equal("a.....b\nxy....z\n", Format("a\tb\nxy\tz\n", minWidth: 6));

    [Fact]
    public void ColumnsMustBeContiguous() =>
        // The b and c cells are in different columns: the "a" line has no second cell between them.
        Assert.Equal("aaaa.bbb.d\naa...b...dd\na....\naa...cccc.eee\n",
            Format("aaaa\tbbb\td\naa\tb\tdd\na\t\naa\tcccc\teee\n"));

    [Fact]
    public void ALineWithoutTabsEndsTheColumnBlock() =>
        Assert.Equal("a.b\nxyz\nccc.d\n", Format("a\tb\nxyz\nccc\td\n"));

    [Fact]
    public void FormFeedEndsAllColumns()
    {
        Assert.Equal("a.b\nccc.d\n", Format("a\tb\fccc\td\n"));
        Assert.Equal("a...b\nccc.d\n", Format("a\tb\nccc\td\n"));
    }

    [Fact]
    public void TheLastLineNeedNotEndWithANewline() => Assert.Equal("a.b\nccc", Format("a\tb\nccc"));

    [Fact]
    public void AnUnterminatedCellIsFlushed() => Assert.Equal("aaa.b\nc...d", Format("aaa\tb\nc\td"));

    [Fact]
    public void TrailingTabsPadTheLastColumn() => Assert.Equal("a..\nbb.\n", Format("a\t\nbb\t\n"));

    [Fact]
    public void EmptyCellsArePadded() => Assert.Equal("..x\na.y\n", Format("\tx\na\ty\n"));

    [Fact]
    public void WidthsCountCharactersNotBytes() => Assert.Equal("é..x\nab.y\n😀..z\n", Format("é\tx\nab\ty\n😀\tz\n"));

    [Fact]
    public void PaddingWithTabs() =>
        Assert.Equal("a\t\tb\naaaaaaaaa\tb\n", Format("a\tb\naaaaaaaaa\tb\n", tabWidth: 8, padChar: '\t'));

    [Fact]
    public void TabPaddingIgnoresAlignRight() =>
        Assert.Equal("a\tb\n", Format("a\tb\n", tabWidth: 8, padChar: '\t', flags: TabWriterFlags.AlignRight));

    [Fact]
    public void TabIndentPadsLeadingEmptyCellsWithTabs() =>
        Assert.Equal("\ta\n\t\tb\n", Format("\ta\n\t\tb\n", tabWidth: 4, padChar: '.', flags: TabWriterFlags.TabIndent));

    [Fact]
    public void DebugShowsColumnBoundaries() =>
        Assert.Equal("a...|b\nccc.|d\n", Format("a\tb\nccc\td\n", flags: TabWriterFlags.Debug));

    [Fact]
    public void DebugMarksFormFeeds() => Assert.Equal("a.|b\n---\nc\n", Format("a\tb\fc\n", flags: TabWriterFlags.Debug));

    [Fact]
    public void SoftTabsAndDiscardEmptyColumns()
    {
        Assert.Equal("a..c\n", Format("a\v\vc\n"));
        Assert.Equal("a.c\n", Format("a\v\vc\n", flags: TabWriterFlags.DiscardEmptyColumns));
        Assert.Equal("a..c\n", Format("a\t\tc\n", flags: TabWriterFlags.DiscardEmptyColumns)); // hard tabs stay
    }

    [Fact]
    public void FilterHtmlMeasuresTagsAsNothingAndEntitiesAsOne() =>
        Assert.Equal("<b>a</b>...b\n&amp;...b\naaa.b\n", Format("<b>a</b>\tb\n&amp;\tb\naaa\tb\n", flags: TabWriterFlags.FilterHtml));

    [Fact]
    public void WithoutFilterHtmlTagsAreText() => Assert.Equal("<b>.b\nx...b\n", Format("<b>\tb\nx\tb\n"));

    [Fact]
    public void WritesInPiecesAlignTheSame()
    {
        var output = new StringWriter();
        var writer = new TabWriter(output, 0, 8, 1, '.', TabWriterFlags.None);
        foreach (char c in "a\tb\naa\tbb\n") writer.Write(c);
        writer.Write("x".ToCharArray(), 0, 1);
        writer.Write("\ty".AsSpan());
        writer.WriteLine();
        writer.Flush();
        Assert.Equal("a..b\naa.bb\nx..y\n", output.ToString());
    }

    [Fact]
    public void NothingIsWrittenBeforeFlushWhileColumnsMayChange()
    {
        var output = new StringWriter();
        var writer = new TabWriter(output, 0, 8, 1, '.', TabWriterFlags.None);
        writer.Write("a\tb\n");
        Assert.Equal("", output.ToString());
        writer.Write("no tabs here\n"); // cannot affect the columns above: they go out now
        Assert.Equal("a.b\nno tabs here\n", output.ToString());
        writer.Flush();
        Assert.Equal("a.b\nno tabs here\n", output.ToString());
    }

    [Fact]
    public void DisposeFlushes()
    {
        var output = new StringWriter();
        using (var writer = new TabWriter(output, 0, 8, 1, '.', TabWriterFlags.None))
        {
            writer.Write("a\tb\n");
        }
        Assert.Equal("a.b\n", output.ToString());
    }

    [Fact]
    public void TheWriterIsReusableAfterFlush()
    {
        var output = new StringWriter();
        var writer = new TabWriter(output, 0, 8, 1, '.', TabWriterFlags.None);
        writer.Write("aaaa\tb\n");
        writer.Flush();
        writer.Write("a\tb\n");
        writer.Flush();
        Assert.Equal("aaaa.b\na.b\n", output.ToString());
    }

    [Fact]
    public void LongTextAndWidePadding()
    {
        string name = new('n', 600);
        Assert.Equal(name + new string(' ', 40) + "x\nshort" + new string(' ', 635) + "y\n",
            Format($"{name}\tx\nshort\ty\n", padding: 40, padChar: ' '));
    }

    [Fact]
    public void InvalidArgumentsAreRejected()
    {
        Assert.Throws<ArgumentNullException>(() => new TabWriter(null!, 0, 8, 1, ' ', TabWriterFlags.None));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TabWriter(new StringWriter(), -1, 8, 1, ' ', TabWriterFlags.None));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TabWriter(new StringWriter(), 0, -8, 1, ' ', TabWriterFlags.None));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TabWriter(new StringWriter(), 0, 8, -1, ' ', TabWriterFlags.None));
    }
}
