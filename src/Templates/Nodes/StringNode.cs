using System.Text;

namespace Berth.Templates.Nodes;

/// <summary>A string constant; messages show it as written, quotes and escapes included.</summary>
internal sealed class StringNode : Node
{
    public StringNode(int pos, string quoted, string text) : base(pos)
    {
        Quoted = quoted;
        Text = text;
    }

    public string Quoted { get; }

    public string Text { get; }

    public override void WriteTo(StringBuilder sb) => sb.Append(Quoted);
}
