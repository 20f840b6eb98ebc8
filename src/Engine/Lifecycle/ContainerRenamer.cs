using Berth.Engine.Containers;
using Berth.Sys.Errors;

namespace Berth.Engine.Lifecycle;

/// <summary>`rename`: the new name is reserved before the old one is released, so no window exists without a name.</summary>
public sealed class ContainerRenamer(ContainerStore store)
{
    public void Rename(ContainerRecord record, string newName)
    {
        var name = newName.TrimStart('/');
        if (!NameRegistry.IsValid(name)) throw BerthException.Invalid($"Invalid container name ({newName}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        if (name == record.ShortName) throw BerthException.Conflict($"Renaming a container with the same name as its current name");
        store.Names.Reserve(name, record.Id);
        try
        {
            store.Update(record.Id, r => r with { Name = "/" + name });
        }
        catch
        {
            store.Names.Release(name, record.Id);
            throw;
        }
        store.Names.Release(record.ShortName, record.Id);
        // A running container's names on its networks follow at once.
        Networks.DnsRecords.Rename(store.Paths, record.Id, record.ShortName, name);
    }
}
