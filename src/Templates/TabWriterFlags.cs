namespace Berth.Templates;

/// <summary>Formatting options of <see cref="TabWriter"/>, Go's text/tabwriter flags (same bit values).</summary>
[Flags]
public enum TabWriterFlags
{
    None = 0,

    /// <summary>HTML tags count as zero wide and entities (&amp;amp;) as one character.</summary>
    FilterHtml = 1,

    /// <summary>Right-align cell contents (ignored when the pad character is a tab).</summary>
    AlignRight = 4,

    /// <summary>Drop columns whose cells are all empty and terminated by vertical tabs ('\v').</summary>
    DiscardEmptyColumns = 8,

    /// <summary>Pad leading empty cells with tabs whatever the pad character.</summary>
    TabIndent = 16,

    /// <summary>Print '|' between columns.</summary>
    Debug = 32,
}
