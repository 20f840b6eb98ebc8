using System.Text;

namespace Berth.Templates.Nodes;

/// <summary>$x or $x.A.B: Ident[0] is the variable ("$" is the data), the rest are keys.</summary>
internal sealed class VariableNode : Node
{
    public VariableNode(int pos, string[] ident) : base(pos) => Ident = ident;

    public string[] Ident { get; }

    public override void WriteTo(StringBuilder sb) => sb.AppendJoin('.', Ident);
}
