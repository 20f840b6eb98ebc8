using System.Text;

namespace Berth.Templates.Nodes;

/// <summary>
/// A numeric constant with every Go type it fits: "1" is an int, a uint and a float; "1.5" only a
/// float. A parameter of type int accepts it only if <see cref="IsInt"/>.
/// </summary>
internal sealed class NumberNode : Node
{
    public NumberNode(int pos, string text) : base(pos) => Text = text;

    /// <summary>The constant as written, which is how error messages show it.</summary>
    public string Text { get; }

    public bool IsInt { get; private set; }
    public bool IsUint { get; private set; }
    public bool IsFloat { get; private set; }
    public long Int64 { get; private set; }
    public ulong Uint64 { get; private set; }
    public double Float64 { get; private set; }

    public void SetInt(long value)
    {
        IsInt = true;
        Int64 = value;
    }

    public void SetUint(ulong value)
    {
        IsUint = true;
        Uint64 = value;
    }

    public void SetFloat(double value)
    {
        IsFloat = true;
        Float64 = value;
    }

    public override void WriteTo(StringBuilder sb) => sb.Append(Text);
}
