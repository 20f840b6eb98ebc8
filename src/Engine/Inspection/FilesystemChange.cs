namespace Berth.Engine.Inspection;

/// <summary>One line of `diff`: "C /etc", "A /etc/new", "D /etc/gone".</summary>
public sealed record FilesystemChange(ChangeKind Kind, string Path)
{
    public char Letter => Kind switch
    {
        ChangeKind.Added => 'A',
        ChangeKind.Deleted => 'D',
        _ => 'C',
    };

    public override string ToString() => $"{Letter} {Path}";
}
