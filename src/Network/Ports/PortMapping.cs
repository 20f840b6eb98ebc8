namespace Berth.Network.Ports;

/// <summary>
/// One -p request: host ports HostFirst..HostLast (0 = any free port) on a host address (empty = all)
/// to container ports ContainerFirst..ContainerLast. The ranges are equally long, or the host side is a
/// range to choose one free port from, for a single container port (docker's "8000-8010:80").
/// </summary>
public sealed record PortMapping(string Protocol, string HostIp, int HostFirst, int HostLast, int ContainerFirst, int ContainerLast)
{
    public int Count => ContainerLast - ContainerFirst + 1;
    public bool ChoosesHostPort => HostFirst == 0 || (Count == 1 && HostLast > HostFirst);

    /// <summary>The mapping with the host ports it was given.</summary>
    public PortMapping WithHostPorts(int first) => this with { HostFirst = first, HostLast = first + Count - 1 };

    public override string ToString()
    {
        var host = HostFirst == 0 ? "" : HostLast != HostFirst ? $"{HostFirst}-{HostLast}" : $"{HostFirst}";
        var container = ContainerLast != ContainerFirst ? $"{ContainerFirst}-{ContainerLast}" : $"{ContainerFirst}";
        var prefix = HostIp.Length > 0 ? $"{HostIp}:{host}:" : host.Length > 0 ? $"{host}:" : "";
        return $"{prefix}{container}/{Protocol}";
    }

    /// <summary>Parses what <see cref="ToString"/> wrote.</summary>
    public static PortMapping FromString(string text) => PortSpecParser.Parse(text);
}
