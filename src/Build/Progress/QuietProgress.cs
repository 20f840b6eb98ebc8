namespace Berth.Build.Progress;

/// <summary>-q: nothing but the image ID at the end (printed by the command, not here).</summary>
public sealed class QuietProgress : IBuildProgress, IStepProgress
{
    public IStepProgress Start(StepName step) => this;
    public void Message(string text) { }
    public void Output(string line) { }
    public void Cached() { }
    public void Done() { }
    public void Failed(string error) { }
}
