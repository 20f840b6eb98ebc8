using Berth.Images.Content;
using Berth.Images.References;

namespace Berth.Images.Archive;

/// <summary>An image a load recorded, with the tags it now carries and the tags it took from other images.</summary>
public sealed record LoadedImage(Digest Id, IReadOnlyList<ImageReference> Tags, IReadOnlyList<(string Tag, Digest PreviousId)> MovedTags);
