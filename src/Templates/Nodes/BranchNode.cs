using System.Text;

namespace Berth.Templates.Nodes;

/// <summary>The shared shape of if, range and with: a pipeline, a body and an optional else body.</summary>
internal abstract class BranchNode : Node
{
    protected BranchNode(int pos, PipeNode pipe, ListNode list, ListNode? elseList) : base(pos)
    {
        Pipe = pipe;
        List = list;
        ElseList = elseList;
    }

    public PipeNode Pipe { get; }

    public ListNode List { get; }

    public ListNode? ElseList { get; }

    protected abstract string Keyword { get; }

    public override void WriteTo(StringBuilder sb)
    {
        sb.Append("{{").Append(Keyword).Append(' ');
        Pipe.WriteTo(sb);
        sb.Append("}}");
        List.WriteTo(sb);
        if (ElseList != null)
        {
            sb.Append("{{else}}");
            ElseList.WriteTo(sb);
        }
        sb.Append("{{end}}");
    }
}
