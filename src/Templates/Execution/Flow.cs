namespace Berth.Templates.Execution;

/// <summary>
/// How a walked node ended. {{break}} and {{continue}} travel back to their range as a result
/// rather than as an exception, which would make every loop iteration expensive.
/// </summary>
internal enum Flow
{
    Normal,
    Break,
    Continue,
}
