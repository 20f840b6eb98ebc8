using Berth.Images.Content;

namespace Berth.Registry.Client;

/// <summary>What a pull or a push tells the user as it goes. Called from several threads at once.</summary>
public interface ITransferProgress
{
    /// <summary>A line of its own: "1: Pulling from library/busybox", "Digest: sha256:…".</summary>
    void Line(string text);

    /// <summary>A layer's new state: "Pulling fs layer", "Pull complete", "Pushed", "Layer already exists"…</summary>
    void Layer(Digest digest, string state);

    /// <summary>Bytes of a layer moved so far under <paramref name="action"/> ("Downloading", "Pushing").</summary>
    void Bytes(Digest digest, string action, long done, long total);
}
