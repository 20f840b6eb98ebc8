using System.Text;
using Berth.Templates.Functions;

namespace Berth.Templates.Nodes;

/// <summary>A function name, resolved when parsing (Go rejects unknown functions at parse time).</summary>
internal sealed class IdentifierNode : Node
{
    public IdentifierNode(int pos, BuiltinFunction function) : base(pos) => Function = function;

    public BuiltinFunction Function { get; }

    public override void WriteTo(StringBuilder sb) => sb.Append(Function.Name);
}
