using System.Diagnostics;

namespace Berth.Build.Progress;

/// <summary>
/// BuildKit's plain output, for logs: "#N [1/3] STEP", its output lines prefixed with "#N" and the
/// seconds since the step started, then "#N CACHED" or "#N DONE 0.4s". Lines of parallel steps
/// interleave, each tagged with its number.
/// </summary>
public sealed class PlainProgress(TextWriter output) : IBuildProgress
{
    int _next;

    public IStepProgress Start(StepName step)
    {
        var number = Interlocked.Increment(ref _next);
        Write($"#{number} {step}");
        return new Step(this, number);
    }

    public void Message(string text) => Write(text);

    void Write(string line)
    {
        lock (output)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }

    sealed class Step(PlainProgress progress, int number) : IStepProgress
    {
        readonly Stopwatch _clock = Stopwatch.StartNew();

        public void Output(string line) => progress.Write($"#{number} {_clock.Elapsed.TotalSeconds:0.000} {line}");
        public void Cached() => progress.Write($"#{number} CACHED");
        public void Done() => progress.Write($"#{number} DONE {_clock.Elapsed.TotalSeconds:0.0}s");
        public void Failed(string error) => progress.Write($"#{number} ERROR: {error}");
    }
}
