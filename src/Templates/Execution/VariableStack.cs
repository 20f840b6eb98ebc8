namespace Berth.Templates.Execution;

/// <summary>
/// The template variables in scope, innermost last. A control structure remembers the depth when
/// it starts and pops back to it at its {{end}}; "$x = v" assigns the innermost $x.
/// </summary>
internal sealed class VariableStack
{
    private string[] _names = new string[8];
    private object?[] _values = new object?[8];

    public int Count { get; private set; }

    public void Push(string name, object? value)
    {
        if (Count == _names.Length)
        {
            Array.Resize(ref _names, Count * 2);
            Array.Resize(ref _values, Count * 2);
        }
        _names[Count] = name;
        _values[Count] = value;
        Count++;
    }

    /// <summary>Drops the variables declared since <paramref name="mark"/>.</summary>
    public void Pop(int mark)
    {
        Array.Clear(_values, mark, Count - mark);
        Count = mark;
    }

    public bool TryGet(string name, out object? value)
    {
        for (int i = Count - 1; i >= 0; i--)
        {
            if (_names[i] == name)
            {
                value = _values[i];
                return true;
            }
        }
        value = null;
        return false;
    }

    public bool TrySet(string name, object? value)
    {
        for (int i = Count - 1; i >= 0; i--)
        {
            if (_names[i] == name)
            {
                _values[i] = value;
                return true;
            }
        }
        return false;
    }

    /// <summary>Overwrites the n-th variable from the top (1 is the last pushed); how range refreshes its variables.</summary>
    public void SetFromTop(int n, object? value) => _values[Count - n] = value;
}
