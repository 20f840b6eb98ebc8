using Berth.Sys.Errors;

namespace Berth.Engine.Specs;

/// <summary>A container user, resolved: uid, gid, supplementary groups and home directory.</summary>
public sealed record ResolvedUser(uint Uid, uint Gid, List<uint> AdditionalGids, string Home);

/// <summary>
/// Resolves `-u name|uid[:group|gid]` against the image's /etc/passwd and /etc/group, as docker
/// does: numeric ids need no entry; names must exist.
/// </summary>
public static class UserResolver
{
    public static ResolvedUser Resolve(string? spec, LayeredFiles files)
    {
        var text = string.IsNullOrEmpty(spec) ? "0" : spec;
        var colon = text.IndexOf(':');
        var userPart = colon < 0 ? text : text[..colon];
        var groupPart = colon < 0 ? null : text[(colon + 1)..];
        var passwd = Parse(files.ReadText("/etc/passwd"));
        var groups = Parse(files.ReadText("/etc/group"));

        string[]? entry = uint.TryParse(userPart, out var numericUid)
            ? passwd.FirstOrDefault(e => e.Length > 2 && e[2] == userPart)
            : passwd.FirstOrDefault(e => e[0] == userPart)
              ?? throw BerthException.Invalid($"unable to find user {userPart}: no matching entries in passwd file");
        var uid = entry is not null && uint.TryParse(entry[2], out var u) ? u : numericUid;
        var gid = entry is not null && entry.Length > 3 && uint.TryParse(entry[3], out var g) ? g : 0u;
        var home = entry is not null && entry.Length > 5 && entry[5].Length > 0 ? entry[5] : "/";
        var userName = entry?[0];

        if (groupPart is not null)
        {
            if (uint.TryParse(groupPart, out var numericGid)) gid = numericGid;
            else
            {
                var group = groups.FirstOrDefault(e => e[0] == groupPart)
                            ?? throw BerthException.Invalid($"unable to find group {groupPart}: no matching entries in group file");
                gid = uint.Parse(group[2]);
            }
        }
        var additional = userName is null || groupPart is not null
            ? new List<uint>()
            : groups.Where(e => e.Length > 3 && e[3].Split(',').Contains(userName) && uint.TryParse(e[2], out _))
                .Select(e => uint.Parse(e[2])).Where(x => x != gid).Distinct().ToList();
        return new ResolvedUser(uid, gid, additional, home);
    }

    /// <summary>--group-add: numeric gids as they are, names looked up in the image's /etc/group.</summary>
    public static List<uint> ExtraGroups(IEnumerable<string>? groups, LayeredFiles files)
    {
        var result = new List<uint>();
        List<string[]>? table = null;
        foreach (var group in groups ?? [])
        {
            if (uint.TryParse(group, out var gid)) result.Add(gid);
            else
            {
                table ??= Parse(files.ReadText("/etc/group"));
                var entry = table.FirstOrDefault(e => e[0] == group) ?? throw BerthException.Invalid($"unable to find group {group}: no matching entries in group file");
                result.Add(uint.Parse(entry[2]));
            }
        }
        return result;
    }

    static List<string[]> Parse(string? content) =>
        content is null ? [] : content.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split(':')).Where(e => e.Length >= 3).ToList();
}
