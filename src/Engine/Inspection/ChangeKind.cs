namespace Berth.Engine.Inspection;

/// <summary>docker diff's three kinds of change, with its letters.</summary>
public enum ChangeKind { Modified, Added, Deleted }
