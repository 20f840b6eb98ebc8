using System.Text;

namespace Berth.Templates.Nodes;

/// <summary>A sequence of nodes: a template body, or the body of an if, range or with.</summary>
internal sealed class ListNode : Node
{
    public ListNode(int pos) : base(pos)
    {
    }

    public List<Node> Nodes { get; } = new();

    public override void WriteTo(StringBuilder sb)
    {
        foreach (var node in Nodes) node.WriteTo(sb);
    }

    /// <summary>Whether the list holds nothing but white space: a {{define}} of it does not count as a definition.</summary>
    public bool IsEmpty()
    {
        foreach (var node in Nodes)
        {
            if (node is TextNode text && string.IsNullOrWhiteSpace(text.Text)) continue;
            if (node is ListNode list && list.IsEmpty()) continue;
            return false;
        }
        return true;
    }
}
