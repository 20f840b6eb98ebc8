using System.Text;

namespace Berth.Templates.Nodes;

/// <summary>{{continue}}: goes on with the next iteration of the innermost range.</summary>
internal sealed class ContinueNode : Node
{
    public ContinueNode(int pos) : base(pos)
    {
    }

    public override void WriteTo(StringBuilder sb) => sb.Append("{{continue}}");
}
