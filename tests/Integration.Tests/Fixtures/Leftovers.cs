namespace Berth.Integration.Tests.Fixtures;

/// <summary>
/// What a berth root has made on the host: container and run directories, cgroups below its
/// cgroup parent, mounts under its directories, volumes and reserved names. A command that fails
/// must leave these as it found them; <see cref="Since"/> gives what appeared in between.
/// </summary>
public sealed record Leftovers(
    IReadOnlyList<string> ContainerDirs,
    IReadOnlyList<string> RunDirs,
    IReadOnlyList<string> Cgroups,
    IReadOnlyList<string> Mounts,
    IReadOnlyList<string> Volumes,
    IReadOnlyList<string> Names)
{
    public Leftovers Since(Leftovers before) => new(
        ContainerDirs.Except(before.ContainerDirs).ToList(),
        RunDirs.Except(before.RunDirs).ToList(),
        Cgroups.Except(before.Cgroups).ToList(),
        Mounts.Except(before.Mounts).ToList(),
        Volumes.Except(before.Volumes).ToList(),
        Names.Except(before.Names).ToList());

    public bool IsEmpty => ContainerDirs.Count + RunDirs.Count + Cgroups.Count + Mounts.Count + Volumes.Count + Names.Count == 0;

    public override string ToString() =>
        $"containers [{string.Join(", ", ContainerDirs)}], run dirs [{string.Join(", ", RunDirs)}], cgroups [{string.Join(", ", Cgroups)}], " +
        $"mounts [{string.Join(", ", Mounts)}], volumes [{string.Join(", ", Volumes)}], names [{string.Join(", ", Names)}]";
}
