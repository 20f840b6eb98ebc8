using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Engine.Containers;

/// <summary>
/// Container names, each reserved by creating names/NAME with O_EXCL: two concurrent creates can
/// never both win a name, with no global lock. The file holds the owning container's ID.
/// </summary>
public sealed class NameRegistry(string directory, Func<string, bool>? ownerExists = null)
{
    /// <summary>
    /// Reserves a name for <paramref name="id"/>. Creators make the container's directory before they
    /// reserve, so a name whose owner has no directory was left by a create killed in between: it is
    /// reclaimed rather than blocking the name forever.
    /// </summary>
    public void Reserve(string name, string id)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        // The owner's ID goes in a temp file that is then linked into place: link(2) fails if the name
        // exists, and a name never exists empty, so a loser can always say who won.
        var temp = Path.Combine(directory, $".{id}.{Environment.ProcessId}.tmp");
        File.WriteAllText(temp, id);
        try
        {
            ReserveLinked(name, id, path, temp);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    void ReserveLinked(string name, string id, string path, string temp)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (Libc.linkat(Libc.AT_FDCWD, temp, Libc.AT_FDCWD, path, 0) == 0) return;
            if (Libc.LastErrno != Errno.EEXIST) throw new SystemCallException($"reserve name {name}", Libc.LastErrno);
            var owner = Owner(name);
            if (attempt == 0 && owner is { Length: > 0 } && ownerExists is not null && !ownerExists(owner))
            {
                Release(name, owner);
                continue;
            }
            throw BerthException.Conflict($"Conflict. The container name \"/{name}\" is already in use by container \"{owner}\". You have to remove (or rename) that container to be able to reuse that name.");
        }
    }

    public string? Owner(string name)
    {
        try { return File.ReadAllText(Path.Combine(directory, name)).Trim(); }
        catch (IOException) { return null; }
    }

    /// <summary>Releases a name, but only if <paramref name="id"/> still owns it.</summary>
    public void Release(string name, string id)
    {
        if (Owner(name) == id) File.Delete(Path.Combine(directory, name));
    }

    public static bool IsValid(string name) =>
        name.Length > 0 && char.IsAsciiLetterOrDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');
}
