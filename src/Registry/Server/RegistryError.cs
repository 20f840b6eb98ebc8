using System.Text.Json;

namespace Berth.Registry.Server;

/// <summary>A distribution-spec error: its code, HTTP status and message; written as {"errors":[…]}.</summary>
public sealed class RegistryError(int status, string code, string message) : Exception(message)
{
    public int Status => status;
    public string Code => code;

    public static RegistryError BlobUnknown(string digest) => new(404, "BLOB_UNKNOWN", $"blob unknown to registry: {digest}");
    public static RegistryError BlobUploadUnknown() => new(404, "BLOB_UPLOAD_UNKNOWN", "blob upload unknown to registry");
    public static RegistryError BlobUploadInvalid(string why) => new(400, "BLOB_UPLOAD_INVALID", $"blob upload invalid: {why}");
    public static RegistryError DigestInvalid(string why) => new(400, "DIGEST_INVALID", $"provided digest did not match uploaded content: {why}");
    public static RegistryError ManifestUnknown(string reference) => new(404, "MANIFEST_UNKNOWN", $"manifest unknown: {reference}");
    public static RegistryError ManifestInvalid(string why) => new(400, "MANIFEST_INVALID", $"manifest invalid: {why}");
    public static RegistryError ManifestBlobUnknown(string digest) => new(400, "MANIFEST_BLOB_UNKNOWN", $"blob unknown to registry: {digest}");
    public static RegistryError NameInvalid(string name) => new(400, "NAME_INVALID", $"invalid repository name: {name}");
    public static RegistryError NameUnknown(string name) => new(404, "NAME_UNKNOWN", $"repository name not known to registry: {name}");
    public static RegistryError TagInvalid(string tag) => new(400, "TAG_INVALID", $"invalid tag or digest: {tag}");
    public static RegistryError SizeInvalid(string why) => new(400, "SIZE_INVALID", $"provided length did not match content length: {why}");
    public static RegistryError RangeInvalid(string why) => new(416, "RANGE_INVALID", $"invalid content range: {why}");
    public static RegistryError Unsupported(string why) => new(405, "UNSUPPORTED", why);
    public static RegistryError Unauthorized(string why) => new(401, "UNAUTHORIZED", why);
    public static RegistryError Denied(string why) => new(403, "DENIED", why);
    public static RegistryError TooLarge(string why) => new(413, "SIZE_INVALID", why);
    public static RegistryError Unknown(string why) => new(500, "UNKNOWN", why);
    public static RegistryError StorageFull() => new(507, "UNKNOWN", "insufficient storage: the registry's disk is full");

    public byte[] Body()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("errors");
            json.WriteStartObject();
            json.WriteString("code", Code);
            json.WriteString("message", Message);
            json.WriteStartObject("detail");
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
