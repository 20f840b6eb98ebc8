using System.Text;

namespace Berth.Templates.Nodes;

/// <summary>{{break}}: leaves the innermost range.</summary>
internal sealed class BreakNode : Node
{
    public BreakNode(int pos) : base(pos)
    {
    }

    public override void WriteTo(StringBuilder sb) => sb.Append("{{break}}");
}
