namespace Berth.Images.Layers.Tar;

/// <summary>An extended attribute: the value is raw bytes (security.capability is binary), never text.</summary>
readonly record struct Xattr(string Name, byte[] Value);
