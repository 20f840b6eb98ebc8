namespace Berth.Templates.Nodes;

/// <summary>{{range pipeline}}: runs the body for each element of a slice, each entry of a map (keys sorted) or each int below n.</summary>
internal sealed class RangeNode : BranchNode
{
    public RangeNode(int pos, PipeNode pipe, ListNode list, ListNode? elseList) : base(pos, pipe, list, elseList)
    {
    }

    protected override string Keyword => "range";
}
