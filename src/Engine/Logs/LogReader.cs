using System.Text;
using System.Text.Json;

namespace Berth.Engine.Logs;

public readonly record struct LogEntry(DateTimeOffset Time, string RawTime, bool Stderr, byte[] Line);

public sealed record LogQuery(int? Tail = null, DateTimeOffset? Since = null, DateTimeOffset? Until = null);

/// <summary>Reads docker json-file logs, rotated files oldest first, and follows the live file.</summary>
public static class LogReader
{
    public static IEnumerable<LogEntry> Read(string path, LogQuery query)
    {
        var files = RotatedFiles(path);
        IEnumerable<LogEntry> entries = files.SelectMany(f => ReadFile(f, 0, out _));
        entries = Filter(entries, query);
        if (query.Tail is { } tail) entries = tail <= 0 ? [] : entries.TakeLast(tail);
        return entries;
    }

    static IEnumerable<LogEntry> Filter(IEnumerable<LogEntry> entries, LogQuery query) =>
        entries.Where(e => (query.Since is null || e.Time >= query.Since) && (query.Until is null || e.Time <= query.Until));

    static List<string> RotatedFiles(string path)
    {
        var files = new List<string>();
        for (var i = 1; File.Exists($"{path}.{i}"); i++) files.Insert(0, $"{path}.{i}");
        if (File.Exists(path)) files.Add(path);
        return files;
    }

    /// <summary>Entries from <paramref name="offset"/>; <paramref name="end"/> is where the last whole line ended.</summary>
    public static List<LogEntry> ReadFile(string path, long offset, out long end)
    {
        var result = new List<LogEntry>();
        end = offset;
        byte[] content;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (offset > stream.Length) offset = 0; // rotated under us: start over
            stream.Position = offset;
            content = new byte[stream.Length - offset];
            stream.ReadExactly(content);
        }
        catch (FileNotFoundException)
        {
            return result;
        }
        var span = content.AsSpan();
        var position = 0;
        while (position < span.Length)
        {
            var newline = span[position..].IndexOf((byte)'\n');
            if (newline < 0) break;
            if (Parse(span.Slice(position, newline)) is { } entry) result.Add(entry);
            position += newline + 1;
        }
        end = offset + position;
        return result;
    }

    static LogEntry? Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        string? log = null, stream = null, time = null;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName) continue;
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "log": log = reader.GetString(); break;
                    case "stream": stream = reader.GetString(); break;
                    case "time": time = reader.GetString(); break;
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }
        if (log is null || time is null) return null;
        var parsed = Clock.Parse(time) ?? DateTimeOffset.MinValue;
        return new LogEntry(parsed, time, stream == "stderr", Encoding.UTF8.GetBytes(log));
    }

    /// <summary>Yields new entries as they are written, until <paramref name="stillRunning"/> says the container stopped.</summary>
    public static IEnumerable<LogEntry> Follow(string path, LogQuery query, Func<bool> stillRunning, CancellationToken cancel)
    {
        long offset = File.Exists(path) ? new FileInfo(path).Length : 0;
        var identity = FileIdentity(path);
        while (!cancel.IsCancellationRequested)
        {
            var running = stillRunning();
            var now = FileIdentity(path);
            if (now != identity)
            {
                offset = 0;
                identity = now;
            }
            var entries = ReadFile(path, offset, out offset);
            foreach (var entry in Filter(entries, query))
                yield return entry;
            if (query.Until is { } until && DateTimeOffset.UtcNow > until) yield break;
            if (!running && entries.Count == 0) yield break;
            if (entries.Count == 0) cancel.WaitHandle.WaitOne(100);
        }
    }

    static ulong FileIdentity(string path) =>
        Sys.Interop.Libc.statx(Sys.Interop.Libc.AT_FDCWD, path, 0, Sys.Interop.Libc.STATX_BASIC_STATS, out var st) == 0 ? st.Inode : 0;
}
