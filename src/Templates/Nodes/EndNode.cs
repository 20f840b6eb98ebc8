using System.Text;

namespace Berth.Templates.Nodes;

/// <summary>{{end}}: closes a control structure; only the parser sees it.</summary>
internal sealed class EndNode : Node
{
    public EndNode(int pos) : base(pos)
    {
    }

    public override void WriteTo(StringBuilder sb) => sb.Append("{{end}}");
}
