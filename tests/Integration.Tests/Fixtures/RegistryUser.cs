namespace Berth.Integration.Tests.Fixtures;

/// <summary>
/// berth as one user of registries: a berth root (a <see cref="BerthFixture"/>) and a private
/// DOCKER_CONFIG directory, so login never touches the real ~/.docker.
/// </summary>
public sealed class RegistryUser(BerthFixture berth) : IDisposable
{
    readonly TempDirectory _config = new();

    public BerthFixture Berth => berth;
    public string ConfigFile => Path.Combine(_config.Path, "config.json");

    public BerthResult Run(params string[] args) => RunWithInput(null, args);

    public BerthResult RunWithInput(byte[]? stdin, params string[] args) => Programs.Run(berth.Binary, args, new Dictionary<string, string>
    {
        ["BERTH_ROOT"] = berth.Root,
        ["BERTH_RUNROOT"] = berth.RunRoot,
        ["DOCKER_CONFIG"] = _config.Path,
    }, stdin, TimeSpan.FromMinutes(5));

    /// <summary>Imports a busybox image with a layer no other image has, tagged <paramref name="tag"/>.</summary>
    public void ImportUnique(BusyboxTarball busybox, string tag)
    {
        using var dir = new TempDirectory();
        var tarball = Tarballs.UniqueCopy(busybox.Path, dir.Sub("unique.tar"));
        Run("import", tarball, tag).Ok();
    }

    public void Dispose() => _config.Dispose();
}
