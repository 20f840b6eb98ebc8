namespace Berth.Engine.Copying;

/// <summary>
/// Who owns copied files, by docker's rules: files copied into a container belong to its root,
/// files copied out belong to whoever ran cp, and -a keeps the source's owners either way.
/// </summary>
public enum OwnerPolicy { KeepSource, ContainerRoot, Caller }
