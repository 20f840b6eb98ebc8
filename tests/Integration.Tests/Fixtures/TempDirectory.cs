namespace Berth.Integration.Tests.Fixtures;

/// <summary>A scratch directory on the host for files copied in and out; removed on Dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Path = Directory.CreateTempSubdirectory("berth-it-host-").FullName;

    public string Path { get; }

    public string File(string relative, string content)
    {
        var path = Sub(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    public string Sub(string relative) => System.IO.Path.Combine(Path, relative);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
