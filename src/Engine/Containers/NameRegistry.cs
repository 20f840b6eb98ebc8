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
        for (var attempt = 0; ; attempt++)
        {
            var fd = Libc.open(path, Libc.O_WRONLY | Libc.O_CREAT | Libc.O_EXCL | Libc.O_CLOEXEC, 0x1a4);
            if (fd >= 0)
            {
                Libc.WriteAll(fd, System.Text.Encoding.ASCII.GetBytes(id));
                Libc.close(fd);
                return;
            }
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
