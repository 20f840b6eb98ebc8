namespace Berth.Templates.Nodes;

/// <summary>{{if pipeline}} body {{else}} other {{end}}: runs the body when the value is non-zero.</summary>
internal sealed class IfNode : BranchNode
{
    public IfNode(int pos, PipeNode pipe, ListNode list, ListNode? elseList) : base(pos, pipe, list, elseList)
    {
    }

    protected override string Keyword => "if";
}
