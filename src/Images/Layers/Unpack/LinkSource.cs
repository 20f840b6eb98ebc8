namespace Berth.Images.Layers.Unpack;

/// <summary>Where a hardlink entry points: the target's resolved parent directory and its name there.</summary>
readonly record struct LinkSource(int DirectoryFd, string Name);
