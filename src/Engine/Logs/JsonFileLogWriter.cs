using System.Text;
using System.Text.Json;
using Berth.Sys.Errors;

namespace Berth.Engine.Logs;

/// <summary>
/// docker's json-file log driver: one {"log","stream","time"} object per line of output, with
/// rotation by size (max-size) into a bounded number of files (max-file).
/// </summary>
public sealed class JsonFileLogWriter : IDisposable
{
    const int MaxLineBuffer = 16 * 1024;
    readonly string _path;
    readonly long _maxSize;
    readonly int _maxFiles;
    readonly StreamBuffer _stdout = new("stdout");
    readonly StreamBuffer _stderr = new("stderr");
    FileStream _file;
    readonly ArrayBufferWriter _scratch = new();

    public JsonFileLogWriter(string path, IReadOnlyDictionary<string, string> options)
    {
        _path = path;
        _maxSize = options.TryGetValue("max-size", out var size) ? Sizes.Parse(size, "max-size") : -1;
        _maxFiles = options.TryGetValue("max-file", out var files) && int.TryParse(files, out var n) && n > 0 ? n : 1;
        _file = Open();
    }

    FileStream Open() => new(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1);

    public void Write(bool stderr, ReadOnlySpan<byte> data)
    {
        var buffer = stderr ? _stderr : _stdout;
        while (data.Length > 0)
        {
            var newline = data.IndexOf((byte)'\n');
            var take = newline < 0 ? data.Length : newline + 1;
            buffer.Append(data[..take]);
            data = data[take..];
            if (newline >= 0 || buffer.Length >= MaxLineBuffer) Emit(buffer);
        }
    }

    /// <summary>Writes out partial lines, at container exit.</summary>
    public void Flush()
    {
        if (_stdout.Length > 0) Emit(_stdout);
        if (_stderr.Length > 0) Emit(_stderr);
    }

    void Emit(StreamBuffer buffer)
    {
        _scratch.Clear();
        using (var json = new Utf8JsonWriter(_scratch, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("log", Encoding.UTF8.GetString(buffer.Span));
            json.WriteString("stream", buffer.Stream);
            json.WriteString("time", Clock.Now());
            json.WriteEndObject();
        }
        _scratch.Write("\n"u8);
        buffer.Clear();
        if (_maxSize > 0 && _file.Length + _scratch.WrittenCount > _maxSize && _file.Length > 0) Rotate();
        _file.Write(_scratch.WrittenSpan);
    }

    void Rotate()
    {
        _file.Dispose();
        if (_maxFiles <= 1) File.Delete(_path);
        else
        {
            File.Delete($"{_path}.{_maxFiles - 1}");
            for (var i = _maxFiles - 2; i >= 1; i--)
                if (File.Exists($"{_path}.{i}")) File.Move($"{_path}.{i}", $"{_path}.{i + 1}");
            File.Move(_path, $"{_path}.1");
        }
        _file = Open();
    }

    public void Dispose()
    {
        Flush();
        _file.Dispose();
    }

    sealed class StreamBuffer(string stream)
    {
        byte[] _data = new byte[4096];
        public string Stream { get; } = stream;
        public int Length { get; private set; }
        public ReadOnlySpan<byte> Span => _data.AsSpan(0, Length);

        public void Append(ReadOnlySpan<byte> bytes)
        {
            if (Length + bytes.Length > _data.Length) Array.Resize(ref _data, Math.Max(_data.Length * 2, Length + bytes.Length));
            bytes.CopyTo(_data.AsSpan(Length));
            Length += bytes.Length;
        }

        public void Clear() => Length = 0;
    }

    sealed class ArrayBufferWriter : System.Buffers.IBufferWriter<byte>
    {
        byte[] _buffer = new byte[1024];
        public int WrittenCount { get; private set; }
        public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, WrittenCount);
        public void Clear() => WrittenCount = 0;
        public void Advance(int count) => WrittenCount += count;

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _buffer.AsMemory(WrittenCount);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _buffer.AsSpan(WrittenCount);
        }

        public void Write(ReadOnlySpan<byte> bytes)
        {
            Ensure(bytes.Length);
            bytes.CopyTo(_buffer.AsSpan(WrittenCount));
            WrittenCount += bytes.Length;
        }

        void Ensure(int hint)
        {
            var need = WrittenCount + Math.Max(hint, 256);
            if (need > _buffer.Length) Array.Resize(ref _buffer, Math.Max(need, _buffer.Length * 2));
        }
    }
}

/// <summary>docker's size strings: "10m", "1g", "512k", "100" (bytes).</summary>
public static class Sizes
{
    public static long Parse(string text, string what)
    {
        var s = text.Trim().ToLowerInvariant();
        if (s.EndsWith('b') && s.Length > 1 && !char.IsDigit(s[^2])) s = s[..^1];
        long multiplier = 1;
        if (s.Length > 0 && "kmgtp".Contains(s[^1]))
        {
            multiplier = s[^1] switch { 'k' => 1L << 10, 'm' => 1L << 20, 'g' => 1L << 30, 't' => 1L << 40, _ => 1L << 50 };
            s = s[..^1];
        }
        if (s.EndsWith('b')) s = s[..^1];
        if (!double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < 0)
            throw BerthException.Invalid($"invalid size: '{text}' for {what}: use a number with an optional unit suffix (b, k, m, g), e.g. 512m");
        return (long)(value * multiplier);
    }
}
