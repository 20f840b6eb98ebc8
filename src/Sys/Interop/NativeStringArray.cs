using System.Runtime.InteropServices;
using System.Text;

namespace Berth.Sys.Interop;

/// <summary>A NULL-terminated char*[] in unmanaged memory, for argv and envp.</summary>
public sealed unsafe class NativeStringArray : IDisposable
{
    readonly byte*[] _strings;
    byte** _array;

    public NativeStringArray(IReadOnlyList<string> values)
    {
        _strings = new byte*[values.Count];
        _array = (byte**)NativeMemory.Alloc((nuint)(values.Count + 1), (nuint)sizeof(byte*));
        for (var i = 0; i < values.Count; i++)
        {
            _strings[i] = Utf8(values[i]);
            _array[i] = _strings[i];
        }
        _array[values.Count] = null;
    }

    public byte** Pointer => _array;

    public static byte* Utf8(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        var p = (byte*)NativeMemory.Alloc((nuint)count + 1);
        Encoding.UTF8.GetBytes(value, new Span<byte>(p, count));
        p[count] = 0;
        return p;
    }

    public void Dispose()
    {
        if (_array == null) return;
        foreach (var s in _strings) NativeMemory.Free(s);
        NativeMemory.Free(_array);
        _array = null;
    }
}
