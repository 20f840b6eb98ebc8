using System.Text;

namespace Berth.Templates.Nodes;

/// <summary>{{else}}: separates a body from its alternative; only the parser sees it.</summary>
internal sealed class ElseNode : Node
{
    public ElseNode(int pos) : base(pos)
    {
    }

    public override void WriteTo(StringBuilder sb) => sb.Append("{{else}}");
}
