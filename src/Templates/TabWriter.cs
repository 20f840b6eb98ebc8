using System.Text;
using Berth.Templates.Formatting;

namespace Berth.Templates;

/// <summary>
/// Go's text/tabwriter as a <see cref="TextWriter"/>: aligns tab-separated columns, which is how
/// docker lays out its tables (<c>new TabWriter(output, 10, 1, 3, ' ', TabWriterFlags.None)</c>).
/// <para>
/// Text is cut into cells terminated by '\t' (or '\v', a "soft" tab), lines end at '\n' or '\f'.
/// Tab-terminated cells in adjacent lines form a column, padded to its widest cell plus
/// <c>padding</c>, at least <c>minWidth</c>. The text after a line's last tab is not part of a
/// column. A line without tabs ends the column block above it, and '\f' ends every column.
/// Widths count code points. Output is held until <see cref="Flush"/> (or a line that lets the
/// writer flush early), because a later line may widen a column.
/// </para>
/// <para>Unlike Go, the 0xFF escape character is not interpreted: in .NET text it is the letter ÿ.</para>
/// </summary>
public sealed class TabWriter : TextWriter
{
    private readonly TextWriter _output;
    private readonly int _minWidth;
    private readonly int _tabWidth;
    private readonly int _padding;
    private readonly char _padChar;
    private readonly TabWriterFlags _flags;
    private readonly char[] _padChunk; // padding is written a chunk at a time
    private static readonly char[] TabChunk = ['\t', '\t', '\t', '\t', '\t', '\t', '\t', '\t'];

    // All text written since the last flush, without the tabs and line breaks.
    private char[] _buffer = new char[256];
    private int _length;
    private int _widthComputedUpTo; // _buffer index up to which _cell.Width is known
    private Cell _cell;              // the cell being written
    private char _endChar;           // '>' or ';' inside an HTML tag or entity, else '\0'
    private readonly List<List<Cell>> _lines = new();
    private readonly List<int> _widths = new(); // widths of the columns being formatted

    /// <param name="output">Where aligned text goes.</param>
    /// <param name="minWidth">The minimal width of a column, padding included.</param>
    /// <param name="tabWidth">How wide a tab is, when padding with tabs.</param>
    /// <param name="padding">Added to the widest cell of a column to give its width.</param>
    /// <param name="padChar">The padding character; '\t' pads with tabs and forces left alignment.</param>
    /// <param name="flags">Formatting options.</param>
    public TabWriter(TextWriter output, int minWidth, int tabWidth, int padding, char padChar, TabWriterFlags flags)
        : base(output?.FormatProvider)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegative(minWidth);
        ArgumentOutOfRangeException.ThrowIfNegative(tabWidth);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        _output = output;
        _minWidth = minWidth;
        _tabWidth = tabWidth;
        _padding = padding;
        _padChar = padChar;
        _padChunk = [padChar, padChar, padChar, padChar, padChar, padChar, padChar, padChar];
        _flags = padChar == '\t' ? flags & ~TabWriterFlags.AlignRight : flags;
        CoreNewLine = ['\n']; // the writer's line break is Go's, whatever the platform
        Reset();
    }

    public override Encoding Encoding => _output.Encoding;

    public override void Write(char value) => Process([value]);

    public override void Write(string? value) => Process(value);

    public override void Write(char[] buffer, int index, int count) => Process(buffer.AsSpan(index, count));

    public override void Write(ReadOnlySpan<char> buffer) => Process(buffer);

    /// <summary>Formats and writes everything buffered, then flushes the underlying writer.</summary>
    public override void Flush()
    {
        FlushBuffered();
        _output.Flush();
    }

    /// <summary>Disposing flushes what is buffered; the underlying writer stays open.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing) Flush();
        base.Dispose(disposing);
    }

    private readonly struct Cell
    {
        public Cell(int size, int width, bool tabTerminated)
        {
            Size = size;
            Width = width;
            TabTerminated = tabTerminated;
        }

        public int Size { get; }                // chars in the buffer
        public int Width { get; }               // code points that count for alignment
        public bool TabTerminated { get; }      // ended by '\t' rather than '\v' or a line break

        public Cell WithSize(int size) => new(size, Width, TabTerminated);
        public Cell WithWidth(int width) => new(Size, width, TabTerminated);
        public Cell Terminated(bool tab) => new(Size, Width, tab);
    }

    private void Process(ReadOnlySpan<char> text)
    {
        int n = 0; // start of the text not yet appended
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (_endChar == '\0')
            {
                switch (c)
                {
                    case '\t':
                    case '\v':
                    case '\n':
                    case '\f':
                        Append(text[n..i]);
                        UpdateWidth();
                        n = i + 1;
                        int cellsInLine = TerminateCell(c == '\t');
                        if (c is '\n' or '\f')
                        {
                            _lines.Add(new List<Cell>());
                            // A line of one cell cannot affect the columns of later lines, so
                            // what is buffered can go out now; '\f' always ends the columns.
                            if (c == '\f' || cellsInLine == 1)
                            {
                                FlushBuffered();
                                if (c == '\f' && (_flags & TabWriterFlags.Debug) != 0) _output.Write("---\n");
                            }
                        }
                        break;
                    case '<':
                    case '&':
                        if ((_flags & TabWriterFlags.FilterHtml) != 0)
                        {
                            Append(text[n..i]);
                            UpdateWidth();
                            n = i;
                            _endChar = c == '<' ? '>' : ';';
                        }
                        break;
                }
            }
            else if (c == _endChar)
            {
                Append(text[n..(i + 1)]);
                n = i + 1;
                EndEscape();
            }
        }
        Append(text[n..]);
    }

    private void Append(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return;
        if (_length + text.Length > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + text.Length));
        text.CopyTo(_buffer.AsSpan(_length));
        _length += text.Length;
        _cell = _cell.WithSize(_cell.Size + text.Length);
    }

    private void UpdateWidth()
    {
        _cell = _cell.WithWidth(_cell.Width + GoUnicode.RuneCount(_buffer.AsSpan(_widthComputedUpTo, _length - _widthComputedUpTo)));
        _widthComputedUpTo = _length;
    }

    /// <summary>The end of an HTML tag (zero wide) or entity (one wide).</summary>
    private void EndEscape()
    {
        if (_endChar == ';') _cell = _cell.WithWidth(_cell.Width + 1);
        _widthComputedUpTo = _length;
        _endChar = '\0';
    }

    private int TerminateCell(bool tab)
    {
        var line = _lines[^1];
        line.Add(_cell.Terminated(tab));
        _cell = default;
        return line.Count;
    }

    private void FlushBuffered()
    {
        if (_cell.Size > 0)
        {
            if (_endChar != '\0') EndEscape(); // an unfinished tag or entity counts as finished
            TerminateCell(false);
        }
        Format(0, 0, _lines.Count);
        Reset();
    }

    private void Reset()
    {
        _length = 0;
        _widthComputedUpTo = 0;
        _cell = default;
        _endChar = '\0';
        _lines.Clear();
        _widths.Clear();
        _lines.Add(new List<Cell>());
    }

    /// <summary>
    /// Writes lines [line0, line1) starting at buffer offset <paramref name="pos"/>. Each block of
    /// consecutive lines that have a cell in the current column gets that column's width, then
    /// the columns to its right are formatted within the block, recursively.
    /// </summary>
    private int Format(int pos, int line0, int line1)
    {
        int column = _widths.Count;
        for (int current = line0; current < line1; current++)
        {
            if (column >= _lines[current].Count - 1) continue; // the last cell of a line is never in a column

            pos = WriteLines(pos, line0, current);
            line0 = current;

            int width = _minWidth;
            bool discardable = true; // all cells empty and soft-terminated
            for (; current < line1; current++)
            {
                var line = _lines[current];
                if (column >= line.Count - 1) break;
                var cell = line[column];
                width = Math.Max(width, cell.Width + _padding);
                if (cell.Width > 0 || cell.TabTerminated) discardable = false;
            }
            if (discardable && (_flags & TabWriterFlags.DiscardEmptyColumns) != 0) width = 0;

            _widths.Add(width);
            pos = Format(pos, line0, current);
            _widths.RemoveAt(_widths.Count - 1);
            line0 = current;
        }
        return WriteLines(pos, line0, line1);
    }

    private int WriteLines(int pos, int line0, int line1)
    {
        for (int i = line0; i < line1; i++)
        {
            var line = _lines[i];
            bool useTabs = (_flags & TabWriterFlags.TabIndent) != 0; // only for leading empty cells
            for (int j = 0; j < line.Count; j++)
            {
                var cell = line[j];
                if (j > 0 && (_flags & TabWriterFlags.Debug) != 0) _output.Write('|');
                if (cell.Size == 0)
                {
                    if (j < _widths.Count) WritePadding(cell.Width, _widths[j], useTabs);
                    continue;
                }
                useTabs = false;
                if ((_flags & TabWriterFlags.AlignRight) == 0)
                {
                    _output.Write(_buffer, pos, cell.Size);
                    pos += cell.Size;
                    if (j < _widths.Count) WritePadding(cell.Width, _widths[j], false);
                }
                else
                {
                    if (j < _widths.Count) WritePadding(cell.Width, _widths[j], false);
                    _output.Write(_buffer, pos, cell.Size);
                    pos += cell.Size;
                }
            }
            if (i + 1 == _lines.Count)
            {
                // The last buffered line has no line break yet: write what there is of it.
                _output.Write(_buffer, pos, _cell.Size);
                pos += _cell.Size;
            }
            else
            {
                _output.Write('\n');
            }
        }
        return pos;
    }

    private void WritePadding(int textWidth, int cellWidth, bool useTabs)
    {
        if (_padChar == '\t' || useTabs)
        {
            if (_tabWidth == 0) return; // tabs of no width cannot pad
            cellWidth = (cellWidth + _tabWidth - 1) / _tabWidth * _tabWidth;
            WriteRepeated(TabChunk, (cellWidth - textWidth + _tabWidth - 1) / _tabWidth);
            return;
        }
        WriteRepeated(_padChunk, cellWidth - textWidth);
    }

    private void WriteRepeated(char[] chunk, int count)
    {
        for (; count > chunk.Length; count -= chunk.Length) _output.Write(chunk);
        if (count > 0) _output.Write(chunk, 0, count);
    }
}
