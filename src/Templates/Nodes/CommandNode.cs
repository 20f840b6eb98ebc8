using System.Text;

namespace Berth.Templates.Nodes;

/// <summary>One stage of a pipeline: an operand, or a function or field followed by its arguments.</summary>
internal sealed class CommandNode : Node
{
    public CommandNode(int pos) : base(pos)
    {
    }

    public List<Node> Args { get; } = new();

    public override void WriteTo(StringBuilder sb)
    {
        for (int i = 0; i < Args.Count; i++)
        {
            if (i > 0) sb.Append(' ');
            if (Args[i] is PipeNode pipe)
            {
                sb.Append('(');
                pipe.WriteTo(sb);
                sb.Append(')');
            }
            else
            {
                Args[i].WriteTo(sb);
            }
        }
    }
}
