using Berth.Images.Content;
using Berth.Sys.Errors;

namespace Berth.Images.References;

/// <summary>
/// A docker image reference, normalized as docker does: "busybox" is docker.io/library/busybox:latest,
/// "host:5000/ns/app:1" keeps its registry, and "name@sha256:…" pins a manifest.
/// </summary>
public sealed record ImageReference(string Domain, string Path, string? Tag, Digest? Digest)
{
    public const string DefaultDomain = "docker.io";
    public const string DefaultTag = "latest";
    const int MaxNameLength = 255;

    /// <summary>domain/path, e.g. docker.io/library/busybox.</summary>
    public string Repository => $"{Domain}/{Path}";

    /// <summary>The short form docker prints: "busybox", "myreg:5000/app".</summary>
    public string FamiliarRepository =>
        Domain == DefaultDomain ? (Path.StartsWith("library/", StringComparison.Ordinal) && Path.IndexOf('/', 8) < 0 ? Path[8..] : Path) : Repository;

    public string Familiar => FamiliarRepository + Suffix;

    string Suffix => (Tag is null ? "" : ":" + Tag) + (Digest is { } d ? "@" + d : "");

    public override string ToString() => Repository + Suffix;

    /// <summary>Parses and normalizes; a reference with neither tag nor digest gets ":latest".</summary>
    public static ImageReference Parse(string text, bool defaultTag = true)
    {
        if (!TryParse(text, out var reference, out var error, defaultTag))
            throw BerthException.Invalid($"invalid reference format: {error} (\"{text}\")");
        return reference!;
    }

    public static bool TryParse(string text, out ImageReference? reference, out string error, bool defaultTag = true)
    {
        reference = null;
        error = "";
        if (string.IsNullOrEmpty(text)) { error = "empty reference"; return false; }
        var rest = text;
        Digest? digest = null;
        var at = rest.IndexOf('@');
        if (at >= 0)
        {
            if (!Content.Digest.TryParse(rest[(at + 1)..], out var d)) { error = "invalid digest"; return false; }
            digest = d;
            rest = rest[..at];
        }
        string? tag = null;
        var colon = rest.LastIndexOf(':');
        if (colon > rest.LastIndexOf('/'))
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
            if (!IsTag(tag)) { error = "invalid tag"; return false; }
        }
        if (rest.Length > MaxNameLength) { error = "repository name must not be more than 255 characters"; return false; }
        var (domain, path) = SplitDomain(rest);
        if (!IsDomain(domain)) { error = "invalid registry host"; return false; }
        if (path.Any(char.IsAsciiLetterUpper)) { error = "repository name must be lowercase"; return false; }
        if (!path.Split('/').All(IsPathComponent)) { error = "invalid repository name"; return false; }
        if (tag is null && digest is null && defaultTag) tag = DefaultTag;
        reference = new ImageReference(domain, path, tag, digest);
        return true;
    }

    /// <summary>The first component names a registry only if it looks like a host: a dot, a port, or localhost.</summary>
    static (string Domain, string Path) SplitDomain(string name)
    {
        var slash = name.IndexOf('/');
        if (slash > 0)
        {
            var first = name[..slash];
            if (first.Contains('.') || first.Contains(':') || first == "localhost" || first.Any(char.IsAsciiLetterUpper))
                return (first == "index.docker.io" ? DefaultDomain : first, name[(slash + 1)..]);
        }
        return (DefaultDomain, slash < 0 ? "library/" + name : name);
    }

    static bool IsTag(string tag) =>
        tag.Length is > 0 and <= 128 && IsWordChar(tag[0]) && tag.All(c => IsWordChar(c) || c is '.' or '-');

    static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    static bool IsDomain(string domain)
    {
        var host = domain;
        var colon = domain.LastIndexOf(':');
        if (colon >= 0 && !domain.EndsWith(']'))
        {
            if (!domain[(colon + 1)..].All(char.IsAsciiDigit) || colon == domain.Length - 1) return false;
            host = domain[..colon];
        }
        if (host.StartsWith('[') && host.EndsWith(']')) return true;
        return host.Length > 0 && host.Split('.').All(label =>
            label.Length > 0 && char.IsAsciiLetterOrDigit(label[0]) && char.IsAsciiLetterOrDigit(label[^1]) &&
            label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
    }

    /// <summary>[a-z0-9]+ joined by one separator: ".", "_", "__" or a run of "-".</summary>
    static bool IsPathComponent(string component)
    {
        if (component.Length == 0 || !IsAlnum(component[0]) || !IsAlnum(component[^1])) return false;
        for (var i = 0; i < component.Length; i++)
        {
            if (IsAlnum(component[i])) continue;
            var start = i;
            while (i < component.Length && !IsAlnum(component[i])) i++;
            var separator = component[start..i];
            if (separator is not ("." or "_" or "__") && !separator.All(c => c == '-')) return false;
            i--;
        }
        return true;
    }

    static bool IsAlnum(char c) => char.IsAsciiDigit(c) || (c >= 'a' && c <= 'z');
}
