using Berth.Sys.Errors;

namespace Berth.Network.Ports;

/// <summary>
/// docker's -p syntax: [ip:][hostPort[-end]:]containerPort[-end][/tcp|udp].
/// "8080:80", "127.0.0.1:8080:80", "127.0.0.1::80", "8000-8010:8000-8010", "53:53/udp", "80".
/// </summary>
public static class PortSpecParser
{
    public static PortMapping Parse(string spec)
    {
        var slash = spec.LastIndexOf('/');
        var protocol = slash < 0 ? "tcp" : spec[(slash + 1)..].ToLowerInvariant();
        if (protocol is not ("tcp" or "udp")) throw Malformed(spec, $"protocol \"{protocol}\" is not tcp or udp");
        var body = slash < 0 ? spec : spec[..slash];
        var parts = SplitHostIp(body, spec, out var hostIp);
        var (containerFirst, containerLast) = Range(parts[^1], spec) ?? throw Malformed(spec, "no container port");
        var (hostFirst, hostLast) = parts.Length == 2 ? Range(parts[0], spec) ?? (0, 0) : (0, 0);
        var count = containerLast - containerFirst + 1;
        if (hostFirst != 0 && hostLast - hostFirst + 1 != count && count != 1)
            throw Malformed(spec, "the host and container port ranges differ in length");
        if (hostFirst == 0 && count > 1)
            throw Malformed(spec, "a container port range needs a host port range of the same length");
        return new PortMapping(protocol, hostIp, hostFirst, hostLast, containerFirst, containerLast);
    }

    static string[] SplitHostIp(string body, string spec, out string hostIp)
    {
        hostIp = "";
        var parts = body.Split(':');
        if (parts.Length > 3) throw Malformed(spec, "too many colons");
        if (parts.Length == 3)
        {
            hostIp = parts[0].Trim('[', ']');
            if (hostIp.Length > 0 && !Ipv4.TryParse(hostIp, out _)) throw Malformed(spec, $"\"{hostIp}\" is not an IPv4 address");
            if (hostIp == "0.0.0.0") hostIp = "";
            return [parts[1], parts[2]];
        }
        return parts;
    }

    static (int, int)? Range(string text, string spec)
    {
        if (text.Length == 0) return null;
        var dash = text.IndexOf('-');
        var first = Port(dash < 0 ? text : text[..dash], spec);
        var last = dash < 0 ? first : Port(text[(dash + 1)..], spec);
        if (last < first) throw Malformed(spec, $"the range {text} ends before it starts");
        return (first, last);
    }

    static int Port(string text, string spec)
    {
        if (text.Length == 0 || !text.All(char.IsAsciiDigit) || !int.TryParse(text, out var port) || port is 0 or > 65535)
            throw Malformed(spec, $"invalid port \"{text}\"");
        return port;
    }

    static BerthException Malformed(string spec, string why) =>
        BerthException.Invalid($"invalid publish spec \"{spec}\": {why} (want [ip:][hostPort:]containerPort[/udp])");
}
