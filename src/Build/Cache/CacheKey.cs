using System.Security.Cryptography;
using System.Text;

namespace Berth.Build.Cache;

/// <summary>
/// A step's cache key: sha256 over its parent's key and every input that can change its result,
/// each input length-prefixed so that no two different input lists hash alike.
/// </summary>
public static class CacheKey
{
    public static string Of(string parent, params IEnumerable<string>[] parts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, parent);
        foreach (var list in parts)
        {
            var items = list as IReadOnlyCollection<string> ?? list.ToList();
            Append(hash, items.Count.ToString());
            foreach (var item in items) Append(hash, item);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    static void Append(IncrementalHash hash, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        hash.AppendData(BitConverter.GetBytes(bytes.Length));
        hash.AppendData(bytes);
    }
}
