using Berth.Sys.Errors;

namespace Berth.Network;

/// <summary>IPv4 addresses as host-order integers, and their text form.</summary>
public static class Ipv4
{
    public static bool TryParse(string text, out uint address)
    {
        address = 0;
        var parts = text.Split('.');
        if (parts.Length != 4) return false;
        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3 || !part.All(char.IsAsciiDigit) || !int.TryParse(part, out var octet) || octet > 255) return false;
            address = (address << 8) | (uint)octet;
        }
        return true;
    }

    public static uint Parse(string text, string what) =>
        TryParse(text, out var address) ? address : throw BerthException.Invalid($"invalid {what}: \"{text}\" is not an IPv4 address");

    public static string Format(uint address) => $"{address >> 24}.{(address >> 16) & 255}.{(address >> 8) & 255}.{address & 255}";

    /// <summary>docker's MAC for an address: 02:42 and the four octets.</summary>
    public static byte[] Mac(uint address) => [0x02, 0x42, (byte)(address >> 24), (byte)(address >> 16), (byte)(address >> 8), (byte)address];

    public static string FormatMac(byte[] mac) => string.Join(':', mac.Select(b => b.ToString("x2")));
}

/// <summary>An IPv4 subnet such as 172.18.0.0/16.</summary>
public readonly record struct Subnet(uint Network, int PrefixLength)
{
    public uint Mask => PrefixLength == 0 ? 0 : uint.MaxValue << (32 - PrefixLength);
    public uint Broadcast => Network | ~Mask;
    public uint Size => (uint)Math.Min(uint.MaxValue, 1UL << (32 - PrefixLength));

    public static Subnet Parse(string text)
    {
        var slash = text.IndexOf('/');
        if (slash < 0 || !Ipv4.TryParse(text[..slash], out var address) || !int.TryParse(text[(slash + 1)..], out var length) || length is < 0 or > 32)
            throw BerthException.Invalid($"invalid subnet {text}: want an IPv4 CIDR such as 172.20.0.0/16");
        var subnet = new Subnet(address, length);
        if ((address & subnet.Mask) != address)
            throw BerthException.Invalid($"invalid subnet {text}: it has host bits set, did you mean {Ipv4.Format(address & subnet.Mask)}/{length}?");
        if (length > 30) throw BerthException.Invalid($"subnet {text} is too small: a network needs at least a /30");
        return subnet;
    }

    public bool Contains(uint address) => (address & Mask) == Network;

    public bool Overlaps(Subnet other) => Contains(other.Network) || other.Contains(Network);

    public override string ToString() => $"{Ipv4.Format(Network)}/{PrefixLength}";
}
