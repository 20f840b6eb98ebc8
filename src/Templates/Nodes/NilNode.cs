using System.Text;

namespace Berth.Templates.Nodes;

/// <summary>The untyped nil, usable only as a function argument.</summary>
internal sealed class NilNode : Node
{
    public NilNode(int pos) : base(pos)
    {
    }

    public override void WriteTo(StringBuilder sb) => sb.Append("nil");
}
