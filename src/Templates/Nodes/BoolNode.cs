using System.Text;

namespace Berth.Templates.Nodes;

/// <summary>true or false.</summary>
internal sealed class BoolNode : Node
{
    public BoolNode(int pos, bool value) : base(pos) => Value = value;

    public bool Value { get; }

    public override void WriteTo(StringBuilder sb) => sb.Append(Value ? "true" : "false");
}
