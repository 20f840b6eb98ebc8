using System.Text;

namespace Berth.Templates.Nodes;

/// <summary>(pipeline).A.B or func.A: fields looked up on the value of another term.</summary>
internal sealed class ChainNode : Node
{
    public ChainNode(int pos, Node node, string[] field) : base(pos)
    {
        Node = node;
        Field = field;
    }

    public Node Node { get; }

    public string[] Field { get; }

    public override void WriteTo(StringBuilder sb)
    {
        if (Node is PipeNode pipe)
        {
            sb.Append('(');
            pipe.WriteTo(sb);
            sb.Append(')');
        }
        else
        {
            Node.WriteTo(sb);
        }
        foreach (var name in Field) sb.Append('.').Append(name);
    }
}
