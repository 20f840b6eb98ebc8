using System.Globalization;

namespace Berth.Registry.Server;

/// <summary>Parses the two range forms the registry meets: "bytes=A-B" on blob GETs, and "A-B" on upload PATCHes.</summary>
public static class ByteRange
{
    /// <summary>A Range header resolved against the blob's length; null when absent, false when unsatisfiable.</summary>
    public static bool TryParseRequest(string? header, long length, out (long Start, long Count)? range)
    {
        range = null;
        if (string.IsNullOrEmpty(header)) return true;
        if (!header.StartsWith("bytes=", StringComparison.Ordinal) || header.Contains(',')) return false;
        var spec = header[6..];
        var dash = spec.IndexOf('-');
        if (dash < 0) return false;
        var first = spec[..dash];
        var last = spec[(dash + 1)..];
        if (first.Length == 0)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var suffix) || suffix == 0) return false;
            var count = Math.Min(suffix, length);
            range = (length - count, count);
            return true;
        }
        if (!long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var start) || start >= length) return false;
        var end = length - 1;
        if (last.Length > 0)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out end) || end < start) return false;
            end = Math.Min(end, length - 1);
        }
        range = (start, end - start + 1);
        return true;
    }

    /// <summary>A PATCH's Content-Range, "START-END" inclusive (the "bytes " prefix tolerated).</summary>
    public static bool TryParseContentRange(string? header, out long start, out long end)
    {
        start = end = 0;
        if (string.IsNullOrEmpty(header)) return false;
        var spec = header.StartsWith("bytes ", StringComparison.Ordinal) ? header[6..] : header;
        var slash = spec.IndexOf('/');
        if (slash >= 0) spec = spec[..slash];
        var dash = spec.IndexOf('-');
        return dash > 0
            && long.TryParse(spec[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out start)
            && long.TryParse(spec[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out end)
            && end >= start;
    }
}
