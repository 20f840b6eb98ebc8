using System.Text;

namespace Berth.Templates.Nodes;

/// <summary>{{pipeline}}: evaluates the pipeline and prints its value unless it declares variables.</summary>
internal sealed class ActionNode : Node
{
    public ActionNode(int pos, PipeNode pipe) : base(pos) => Pipe = pipe;

    public PipeNode Pipe { get; }

    public override void WriteTo(StringBuilder sb)
    {
        sb.Append("{{");
        Pipe.WriteTo(sb);
        sb.Append("}}");
    }
}
