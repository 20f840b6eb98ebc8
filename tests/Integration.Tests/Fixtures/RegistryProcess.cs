using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Berth.Integration.Tests.Fixtures;

/// <summary>
/// A registry server on a free loopback port with its own storage directory: `berth registry serve`,
/// or Debian's distribution registry (docker-registry) with a temp config. Dispose kills it (-9)
/// and removes its storage. <see cref="Kill"/> and <see cref="Restart"/> are for crash tests.
/// </summary>
public sealed class RegistryProcess : IDisposable
{
    public const string Distribution = "/usr/bin/docker-registry";
    readonly string _program;
    readonly Func<RegistryProcess, IReadOnlyList<string>> _arguments;
    Process? _process;

    RegistryProcess(string program, Func<RegistryProcess, IReadOnlyList<string>> arguments, string storage)
    {
        _program = program;
        _arguments = arguments;
        Storage = storage;
        Port = FreePort();
        Start();
    }

    public int Port { get; }
    public string Storage { get; }
    public string Host => $"127.0.0.1:{Port}";
    public string Scheme { get; private init; } = "http";
    public Uri BaseUri => new($"{Scheme}://{Host}/");

    /// <summary>`berth registry serve --addr … --root …` plus <paramref name="flags"/>.</summary>
    public static RegistryProcess Berth(string binary, params string[] flags)
    {
        var storage = Directory.CreateTempSubdirectory("berth-it-registry-").FullName;
        return new RegistryProcess(binary, r => ["registry", "serve", "--addr", r.Host, "--root", storage, .. flags], storage)
        {
            Scheme = flags.Contains("--tls-cert") ? "https" : "http",
        };
    }

    /// <summary>Debian's docker-registry (distribution 2.8), deletion enabled.</summary>
    public static RegistryProcess Distribution2(string storageRoot)
    {
        var storage = Directory.CreateTempSubdirectory("berth-it-distribution-").FullName;
        var config = Path.Combine(storage, "config.yml");
        return new RegistryProcess(Distribution, r =>
        {
            File.WriteAllText(config, $"""
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: {storage}/data
                  delete:
                    enabled: true
                http:
                  addr: {r.Host}
                """);
            return ["serve", config];
        }, storage);
    }

    void Start()
    {
        var start = new ProcessStartInfo(_program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in _arguments(this)) start.ArgumentList.Add(arg);
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Poll.Until(() => _process.HasExited || Answers(), TimeSpan.FromSeconds(30), $"{_program} to listen on {Host}");
        if (_process.HasExited) throw new InvalidOperationException($"{_program} exited {_process.ExitCode} at start");
    }

    bool Answers()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException) { return false; }
    }

    /// <summary>SIGKILL, as a crash: no clean-up runs in the server.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill();
            p.WaitForExit();
        }
    }

    public void Restart()
    {
        Kill();
        Start();
    }

    static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public void Dispose()
    {
        Kill();
        _process?.Dispose();
        Directory.Delete(Storage, recursive: true);
    }
}
