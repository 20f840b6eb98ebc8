using System.Text;
using Berth.Images.Content;

namespace Berth.Registry.Client;

/// <summary>
/// docker's terminal progress: one line per layer, rewritten in place (cursor up, clear line) as the
/// layer moves, under the lines that came before. Byte counts redraw at most every
/// <see cref="Interval"/>, so a fast transfer does not spend itself on the terminal; state changes
/// redraw at once. A line of its own ("Digest: …") ends the block: it is drawn a last time and stays.
/// </summary>
public sealed class ProgressBars(TextWriter output, int terminalWidth, TimeProvider? clock = null) : ITransferProgress, IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    readonly TimeProvider _clock = clock ?? TimeProvider.System;
    readonly Lock _lock = new();
    readonly List<(string Id, string Text)> _rows = [];
    int _drawn;
    long? _lastDraw;
    bool _pending;

    public void Line(string text)
    {
        lock (_lock)
        {
            if (_pending) Draw();
            _rows.Clear();
            _drawn = 0;
            output.WriteLine(text);
            output.Flush();
        }
    }

    public void Layer(Digest digest, string state)
    {
        lock (_lock)
        {
            Set(digest.Short, $"{digest.Short}: {state}");
            Draw();
        }
    }

    public void Bytes(Digest digest, string action, long done, long total)
    {
        lock (_lock)
        {
            Set(digest.Short, $"{digest.Short}: {action} {ProgressBar.Format(done, total, terminalWidth)}");
            if (_lastDraw is not { } last || _clock.GetElapsedTime(last) >= Interval) Draw();
        }
    }

    /// <summary>Draws what is not drawn yet, so that the screen ends on the last state.</summary>
    public void Dispose()
    {
        lock (_lock)
            if (_pending) Draw();
    }

    void Set(string id, string text)
    {
        var index = _rows.FindIndex(row => row.Id == id);
        if (index < 0) _rows.Add((id, text));
        else _rows[index] = (id, text);
        _pending = true;
    }

    void Draw()
    {
        var frame = new StringBuilder();
        if (_drawn > 0) frame.Append($"\x1b[{_drawn}A");
        foreach (var (_, text) in _rows) frame.Append("\r\x1b[2K").Append(Fit(text)).Append('\n');
        _drawn = _rows.Count;
        output.Write(frame.ToString());
        output.Flush();
        _lastDraw = _clock.GetTimestamp();
        _pending = false;
    }

    /// <summary>A line that wrapped would throw the cursor arithmetic off by one row per wrap.</summary>
    string Fit(string text) => terminalWidth > 1 && text.Length >= terminalWidth ? text[..(terminalWidth - 1)] : text;
}
