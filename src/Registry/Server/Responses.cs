using Berth.Images.Content;
using Microsoft.AspNetCore.Http;

namespace Berth.Registry.Server;

static class Responses
{
    public static Task Json(HttpContext http, int status, byte[] body, string contentType = "application/json")
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = contentType;
        http.Response.ContentLength = body.Length;
        return HttpMethods.IsHead(http.Request.Method) ? Task.CompletedTask : http.Response.Body.WriteAsync(body).AsTask();
    }

    public static Task Error(HttpContext http, RegistryError error)
    {
        if (http.Response.HasStarted) return Task.CompletedTask;
        return Json(http, error.Status, error.Body());
    }

    public static Task Empty(HttpContext http, int status)
    {
        http.Response.StatusCode = status;
        http.Response.ContentLength = 0;
        return Task.CompletedTask;
    }

    public static void DigestHeader(HttpContext http, Digest digest) => http.Response.Headers["Docker-Content-Digest"] = digest.Value;

    public static Digest ParseDigest(string text) =>
        Digest.TryParse(text, out var d) ? d : throw RegistryError.DigestInvalid($"\"{text}\" is not a sha256 digest");
}
