using System.Globalization;
using Berth.Runtime.Launch;

namespace Berth.Engine.Monitor;

/// <summary>
/// What a monitor starts before it knows its container, from the CLI's hint (`--prespawn FLAGS:STDIN`,
/// clone flags in hex, and 1 if stdin stays open): the container's stdio pipes and a prespawned init
/// on them. The first run uses them if the container wants no terminal and the same stdin; otherwise
/// they are thrown away, and only the head start is lost.
/// </summary>
public sealed class MonitorPrespawn : IDisposable
{
    internal ContainerIo? Io { get; private set; }
    internal PrespawnedInit? Init { get; private set; }
    readonly bool _openStdin;

    MonitorPrespawn(ContainerIo io, PrespawnedInit? init, bool openStdin)
    {
        Io = io;
        Init = init;
        _openStdin = openStdin;
    }

    public static string Hint(ulong cloneFlags, bool openStdin) => $"{cloneFlags:x}:{(openStdin ? 1 : 0)}";

    public static MonitorPrespawn? TryStart(string hint)
    {
        var parts = hint.Split(':');
        if (parts.Length != 2 || !ulong.TryParse(parts[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var flags)) return null;
        var openStdin = parts[1] == "1";
        var io = ContainerIo.Create(tty: false, openStdin, size: null);
        try
        {
            return new MonitorPrespawn(io, PrespawnedInit.TrySpawn(flags, io.ChildFds), openStdin);
        }
        catch
        {
            io.Dispose();
            throw;
        }
    }

    /// <summary>Hands over the stdio and init if they suit the container (the caller then owns them), or null.</summary>
    internal (ContainerIo Io, PrespawnedInit? Init)? Take(bool tty, bool openStdin)
    {
        if (tty || openStdin != _openStdin || Io is not { } io) return null;
        var taken = (io, Init);
        Io = null;
        Init = null;
        return taken;
    }

    public void Dispose()
    {
        Init?.Dispose();
        Io?.Dispose();
        Init = null;
        Io = null;
    }
}
