using System.Text;

namespace Berth.Templates.Nodes;

/// <summary>The cursor ".": the current data.</summary>
internal sealed class DotNode : Node
{
    public DotNode(int pos) : base(pos)
    {
    }

    public override void WriteTo(StringBuilder sb) => sb.Append('.');
}
