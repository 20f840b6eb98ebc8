using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Sys.Files;

namespace Berth.Registry.Client;

/// <summary>
/// docker's client config file ($DOCKER_CONFIG/config.json or ~/.docker/config.json): "auths" maps a
/// registry to base64("user:password"). Other keys are kept as they are; the file is written 0600.
/// </summary>
public sealed class DockerConfig(string path)
{
    public string Path => path;

    public static DockerConfig Default()
    {
        var dir = Environment.GetEnvironmentVariable("DOCKER_CONFIG") is { Length: > 0 } d
            ? d : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");
        return new DockerConfig(System.IO.Path.Combine(dir, "config.json"));
    }

    public (string User, string Password)? Credentials(string key)
    {
        var root = Load();
        if (root["auths"]?[key]?["auth"]?.GetValue<string>() is not { Length: > 0 } auth) return null;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(auth));
            var colon = text.IndexOf(':');
            return colon < 0 ? null : (text[..colon], text[(colon + 1)..]);
        }
        catch (FormatException) { return null; }
    }

    public void Store(string key, string user, string password)
    {
        var root = Load();
        var auths = root["auths"] as JsonObject ?? [];
        root["auths"] = auths;
        auths[key] = new JsonObject { ["auth"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")) };
        Save(root);
    }

    /// <summary>False when there were no credentials for <paramref name="key"/>.</summary>
    public bool Remove(string key)
    {
        var root = Load();
        if (root["auths"] is not JsonObject auths || !auths.Remove(key)) return false;
        Save(root);
        return true;
    }

    JsonObject Load()
    {
        try
        {
            return JsonNode.Parse(File.ReadAllBytes(path)) as JsonObject ?? [];
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return [];
        }
        catch (JsonException e)
        {
            throw Berth.Sys.Errors.BerthException.Invalid($"{path} is not valid JSON ({e.Message}): fix or remove it");
        }
    }

    void Save(JsonObject root)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var bytes = Encoding.UTF8.GetBytes(root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        AtomicFile.Write(path, bytes, durable: true, mode: 0x180 /*0600*/);
    }
}
