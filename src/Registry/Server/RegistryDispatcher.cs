using Berth.Registry.Auth;
using Microsoft.AspNetCore.Http;

namespace Berth.Registry.Server;

/// <summary>Routes a request, checks access, and turns failures into spec error bodies.</summary>
sealed class RegistryDispatcher(RegistryContext registry, AccessGate gate, TokenEndpoint? tokens)
{
    readonly BlobEndpoints _blobs = new(registry);
    readonly UploadEndpoints _uploads = new(registry);
    readonly ManifestEndpoints _manifests = new(registry);
    readonly ListingEndpoints _listings = new(registry);

    public async Task Handle(HttpContext http)
    {
        http.Response.Headers["Docker-Distribution-API-Version"] = "registry/2.0";
        try
        {
            var route = RegistryRoute.Parse(http.Request.Path.Value ?? "");
            if (route is null)
            {
                await Responses.Error(http, new RegistryError(404, "NOT_FOUND", $"no route for {http.Request.Path}"));
                return;
            }
            if (route.Kind == RouteKind.Token)
            {
                if (tokens is null) throw new RegistryError(404, "NOT_FOUND", "this registry issues no tokens");
                await tokens.Handle(http);
                return;
            }
            var method = http.Request.Method;
            var writes = !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method));
            if (writes && registry.Options.ReadOnly) throw RegistryError.Unsupported("the registry is read-only");
            if (gate.Check(http, Needs(route, method)) is { } refusal)
            {
                http.Response.Headers.WWWAuthenticate = refusal.Challenge;
                throw RegistryError.Unauthorized(refusal.Reason);
            }
            await Dispatch(http, route);
        }
        catch (RegistryError error)
        {
            await Responses.Error(http, error);
        }
        catch (IOException e) when (StorageErrors.IsDiskFull(e))
        {
            await Responses.Error(http, RegistryError.StorageFull());
        }
        catch (Exception e) when (!http.RequestAborted.IsCancellationRequested && e is not OperationCanceledException)
        {
            // Anything else is the registry's fault; the client still gets a spec error, never a bare 500.
            await Responses.Error(http, RegistryError.Unknown(e.Message));
        }
    }

    Task Dispatch(HttpContext http, RegistryRoute route) => route.Kind switch
    {
        RouteKind.Base => Responses.Json(http, 200, "{}"u8.ToArray()),
        RouteKind.Catalog => _listings.Catalog(http),
        RouteKind.TagsList => _listings.Tags(http, route),
        RouteKind.Referrers => _listings.Referrers(http, route),
        RouteKind.Blob => _blobs.Handle(http, route),
        RouteKind.UploadStart when HttpMethods.IsPost(http.Request.Method) => _uploads.Start(http, route, from => MayPull(http, from)),
        RouteKind.Upload => _uploads.Handle(http, route),
        RouteKind.Manifest => _manifests.Handle(http, route),
        _ => throw RegistryError.Unsupported($"{http.Request.Method} is not allowed on {http.Request.Path}"),
    };

    bool MayPull(HttpContext http, string name) => gate.Check(http, [AccessScope.Repository(name, "pull")]) is null;

    /// <summary>What a request needs: reads need pull, writes push, deletes delete.</summary>
    static IReadOnlyList<AccessScope> Needs(RegistryRoute route, string method) => route.Kind switch
    {
        RouteKind.Base => [],
        RouteKind.Catalog => [new AccessScope("registry", "catalog", ["*"])],
        _ when HttpMethods.IsDelete(method) && route.Kind is RouteKind.Blob or RouteKind.Manifest => [AccessScope.Repository(route.Name, "delete")],
        _ when HttpMethods.IsGet(method) || HttpMethods.IsHead(method) => [AccessScope.Repository(route.Name, "pull")],
        _ => [AccessScope.Repository(route.Name, "push")],
    };
}
