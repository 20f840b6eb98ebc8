using System.Text;

namespace Berth.Templates.Nodes;

/// <summary>.A.B.C: a chain of keys looked up starting from dot.</summary>
internal sealed class FieldNode : Node
{
    public FieldNode(int pos, string[] ident) : base(pos) => Ident = ident;

    public string[] Ident { get; }

    public override void WriteTo(StringBuilder sb)
    {
        foreach (var name in Ident) sb.Append('.').Append(name);
    }
}
