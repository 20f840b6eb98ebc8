namespace Berth.Templates.Nodes;

/// <summary>{{with pipeline}}: runs the body with dot set to the value when it is non-zero.</summary>
internal sealed class WithNode : BranchNode
{
    public WithNode(int pos, PipeNode pipe, ListNode list, ListNode? elseList) : base(pos, pipe, list, elseList)
    {
    }

    protected override string Keyword => "with";
}
