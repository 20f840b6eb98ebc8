using System.Security.Cryptography;
using Berth.Sys.Errors;

namespace Berth.Images.Content;

/// <summary>A content digest, "sha256:" and 64 lowercase hex digits; the only algorithm berth writes.</summary>
public readonly record struct Digest
{
    public const string Sha256Prefix = "sha256:";

    public string Value { get; }

    Digest(string value) => Value = value;

    public string Algorithm => Value[..Value.IndexOf(':')];
    public string Hex => Value[(Value.IndexOf(':') + 1)..];
    /// <summary>The 12-digit form docker shows for image and container IDs.</summary>
    public string Short => Hex[..12];

    public static Digest Parse(string value) =>
        TryParse(value, out var digest) ? digest : throw BerthException.Invalid($"invalid digest \"{value}\": want sha256: and 64 hex digits");

    public static bool TryParse(string? value, out Digest digest)
    {
        digest = default;
        if (value is null || !value.StartsWith(Sha256Prefix, StringComparison.Ordinal) || value.Length != Sha256Prefix.Length + 64)
            return false;
        foreach (var c in value.AsSpan(Sha256Prefix.Length))
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c)) return false;
        digest = new Digest(value);
        return true;
    }

    public static Digest FromHex(string hex) => Parse(Sha256Prefix + hex);

    public static Digest Of(ReadOnlySpan<byte> content) => FromHash(SHA256.HashData(content));

    public static Digest FromHash(ReadOnlySpan<byte> sha256) => new(Sha256Prefix + Convert.ToHexStringLower(sha256));

    public override string ToString() => Value;
}
