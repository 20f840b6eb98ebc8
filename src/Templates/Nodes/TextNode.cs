using System.Text;

namespace Berth.Templates.Nodes;

/// <summary>Literal text between actions, copied to the output.</summary>
internal sealed class TextNode : Node
{
    public TextNode(int pos, string text) : base(pos) => Text = text;

    public string Text { get; }

    public override void WriteTo(StringBuilder sb) => sb.Append(Text);
}
