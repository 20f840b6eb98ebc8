using Berth.Sys.Interop;

namespace Berth.Images.Tests.Layers;

/// <summary>A fresh directory under /tmp, removed with everything in it (mounts first) on Dispose.</summary>
sealed class ScratchDirectory : IDisposable
{
    readonly List<string> mounts = [];

    public ScratchDirectory() => Path = Directory.CreateTempSubdirectory("berth-layers-").FullName;

    public string Path { get; }

    public string Sub(string relative)
    {
        var path = System.IO.Path.Join(Path, relative);
        Directory.CreateDirectory(path);
        return path;
    }

    public void Mounted(string target) => mounts.Add(target);

    public void Unmounted(string target) => mounts.Remove(target);

    public void Dispose()
    {
        foreach (var target in mounts) Libc.umount2(target, Libc.MNT_DETACH);
        Directory.Delete(Path, recursive: true);
    }
}
