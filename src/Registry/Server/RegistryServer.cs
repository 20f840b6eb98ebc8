using System.Net;
using System.Security.Cryptography.X509Certificates;
using Berth.Registry.Auth;
using Berth.Sys.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Berth.Registry.Server;

/// <summary>
/// `berth registry serve`: Kestrel with one request delegate, no MVC and no routing middleware, so
/// nothing depends on reflection. Only this verb loads ASP.NET Core; every other berth path leaves it untouched.
/// </summary>
public static class RegistryServer
{
    public static int Run(RegistryOptions options, TextWriter log)
    {
        Directory.CreateDirectory(options.Root);
        var users = options.Htpasswd is { } file ? Htpasswd.Load(file) : null;
        var signer = options.TokenIssuer is { } issuer ? TokenSigner.LoadOrCreate(options.Root, issuer, "berth-registry") : null;
        var gate = new AccessGate(users, signer, options.AnonymousPull);
        var tokens = signer is null ? null : new TokenEndpoint(signer, users, options.AnonymousPull);
        var dispatcher = new RegistryDispatcher(new RegistryContext(options), gate, tokens);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Limits.MinRequestBodyDataRate = null;
            // A blob GET writes 256 KiB pieces (BlobSender); the default 64 KiB would stall every flush
            // until the socket drained, instead of reading the next piece while the last one is sent.
            kestrel.Limits.MaxResponseBufferSize = 4 * BlobSender.Piece;
            kestrel.Listen(ParseEndpoint(options.Address), listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                if (options.TlsCert is { } cert) listen.UseHttps(LoadCertificate(cert, options.TlsKey));
            });
        });
        var app = builder.Build();
        app.Run(dispatcher.Handle);
        app.StartAsync().GetAwaiter().GetResult();
        log.WriteLine($"berth registry listening on {(options.TlsCert is null ? "http" : "https")}://{options.Address}, storage {options.Root}");
        log.Flush();
        app.WaitForShutdownAsync().GetAwaiter().GetResult();
        return 0;
    }

    static X509Certificate2 LoadCertificate(string cert, string? key)
    {
        if (key is null) throw BerthException.Invalid("--tls-cert needs --tls-key");
        return X509Certificate2.CreateFromPemFile(cert, key);
    }

    public static IPEndPoint ParseEndpoint(string address)
    {
        var text = address.StartsWith(':') ? "0.0.0.0" + address : address;
        if (text.StartsWith("localhost:", StringComparison.Ordinal)) text = "127.0.0.1" + text[9..];
        return IPEndPoint.TryParse(text, out var endpoint) && endpoint.Port != 0
            ? endpoint
            : throw BerthException.Invalid($"invalid --addr \"{address}\": want HOST:PORT, e.g. 127.0.0.1:5000");
    }
}
