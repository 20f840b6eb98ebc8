using Berth.Sys.Interop;

namespace Berth.Sys.Files;

/// <summary>
/// Whole-file writes that a kill -9 cannot tear: write a temp file beside the target, then rename.
/// Durable writes also fsync the file and its directory, for state that must survive power loss.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, ReadOnlySpan<byte> content, bool durable = false, uint mode = 0x1a4 /*0644*/)
    {
        var directory = Path.GetDirectoryName(path)!;
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Random.Shared.Next():x}.tmp");
        var fd = Libc.Check(Libc.open(temp, Libc.O_WRONLY | Libc.O_CREAT | Libc.O_EXCL | Libc.O_CLOEXEC, mode), $"create {temp}");
        try
        {
            Libc.WriteAll(fd, content);
            if (durable) Libc.Check(Libc.fsync(fd), $"fsync {temp}");
        }
        catch
        {
            Libc.close(fd);
            File.Delete(temp);
            throw;
        }
        Libc.close(fd);
        try
        {
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
        if (durable) SyncDirectory(directory);
    }

    /// <summary>A JSON document written by <paramref name="write"/>, replacing <paramref name="path"/> whole.</summary>
    public static void WriteJson(string path, Action<System.Text.Json.Utf8JsonWriter> write, bool durable = false)
    {
        var output = new MemoryStream();
        using (var json = new System.Text.Json.Utf8JsonWriter(output)) write(json);
        Write(path, output.GetBuffer().AsSpan(0, (int)output.Length), durable);
    }

    /// <summary>`"name": [values…]`, for the hand-written JSON that <see cref="WriteJson"/> takes.</summary>
    public static void WriteStrings(this System.Text.Json.Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values) json.WriteStringValue(value);
        json.WriteEndArray();
    }

    public static void WriteText(string path, string content, bool durable = false) =>
        Write(path, System.Text.Encoding.UTF8.GetBytes(content), durable);

    public static void SyncDirectory(string directory)
    {
        var fd = Libc.open(directory, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
        if (fd < 0) return;
        Libc.fsync(fd);
        Libc.close(fd);
    }
}
