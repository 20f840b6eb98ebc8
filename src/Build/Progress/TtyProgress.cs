using System.Diagnostics;

namespace Berth.Build.Progress;

/// <summary>
/// The terminal view: each step on one line that ticks its running time while it runs (redrawn in
/// place with ANSI codes), then settles as CACHED or with its final time; a running step's latest
/// output line shows dimmed beneath it.
/// </summary>
public sealed class TtyProgress : IBuildProgress, IDisposable
{
    readonly TextWriter _output;
    readonly Stopwatch _total = Stopwatch.StartNew();
    readonly List<Step> _running = [];
    readonly Timer _timer;
    int _drawnLines;

    public TtyProgress(TextWriter output)
    {
        _output = output;
        _timer = new Timer(_ => Redraw(), null, 100, 100);
    }

    public IStepProgress Start(StepName step)
    {
        var handle = new Step(this, step.ToString());
        lock (_running) _running.Add(handle);
        Redraw();
        return handle;
    }

    public void Message(string text) => Settle(text);

    void Settle(string line, Step? finished = null)
    {
        lock (_running)
        {
            if (finished is not null) _running.Remove(finished);
            Erase();
            _output.WriteLine(line);
            DrawRunning();
        }
    }

    void Redraw()
    {
        lock (_running)
        {
            if (_running.Count == 0) return;
            Erase();
            DrawRunning();
        }
    }

    void Erase()
    {
        for (var i = 0; i < _drawnLines; i++) _output.Write("\x1b[1A\x1b[2K");
        _drawnLines = 0;
    }

    void DrawRunning()
    {
        foreach (var step in _running)
        {
            _output.WriteLine($"\x1b[34m => {Fit(step.Text, 70)} {step.Clock.Elapsed.TotalSeconds,6:0.0}s\x1b[0m");
            _drawnLines++;
            if (step.LastLine is { } last)
            {
                _output.WriteLine($"\x1b[2m => => {Fit(last, 70)}\x1b[0m");
                _drawnLines++;
            }
        }
        _output.Flush();
    }

    static string Fit(string text, int width) => text.Length <= width ? text.PadRight(width) : text[..(width - 1)] + "…";

    public void Dispose()
    {
        _timer.Dispose();
        lock (_running)
        {
            Erase();
            _output.WriteLine($" => build finished in {_total.Elapsed.TotalSeconds:0.0}s");
            _output.Flush();
        }
    }

    sealed class Step(TtyProgress progress, string text) : IStepProgress
    {
        public string Text => text;
        public Stopwatch Clock { get; } = Stopwatch.StartNew();
        public string? LastLine { get; private set; }

        public void Output(string line) => LastLine = line;
        public void Cached() => progress.Settle($" => CACHED {text}", this);
        public void Done() => progress.Settle($" => {Fit(text, 70)} {Clock.Elapsed.TotalSeconds,6:0.0}s", this);
        public void Failed(string error) => progress.Settle($" => ERROR {text}: {error}", this);
    }
}
