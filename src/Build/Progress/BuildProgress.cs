namespace Berth.Build.Progress;

/// <summary>A step as progress shows it: "[stage 2/5] RUN make".</summary>
public sealed record StepName(string Stage, int Number, int Count, string Text)
{
    public override string ToString() => Stage.Length == 0 ? $"[{Number}/{Count}] {Text}" : $"[{Stage} {Number}/{Count}] {Text}";
}

/// <summary>Where the builder reports steps: the plain log, the live terminal view, or nothing (-q).</summary>
public interface IBuildProgress
{
    /// <summary>Starts a step; the returned handle takes its output and says how it ended.</summary>
    IStepProgress Start(StepName step);
    void Message(string text);
}

public interface IStepProgress
{
    void Output(string line);
    void Cached();
    void Done();
    void Failed(string error);
}
