using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Engine.Containers;

/// <summary>
/// Container names, each reserved by creating names/NAME with O_EXCL: two concurrent creates can
/// never both win a name, with no global lock. The file holds the owning container's ID.
/// </summary>
public sealed class NameRegistry(string directory)
{
    public void Reserve(string name, string id)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        var fd = Libc.open(path, Libc.O_WRONLY | Libc.O_CREAT | Libc.O_EXCL | Libc.O_CLOEXEC, 0x1a4);
        if (fd < 0)
        {
            if (Libc.LastErrno != Errno.EEXIST) throw new SystemCallException($"reserve name {name}", Libc.LastErrno);
            var owner = Owner(name);
            throw BerthException.Conflict($"Conflict. The container name \"/{name}\" is already in use by container \"{owner}\". You have to remove (or rename) that container to be able to reuse that name.");
        }
        Libc.WriteAll(fd, System.Text.Encoding.ASCII.GetBytes(id));
        Libc.close(fd);
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
