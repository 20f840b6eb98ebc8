using System.Text;

namespace Berth.Templates.Nodes;

/// <summary>
/// A node of the parse tree. <see cref="Pos"/> is its offset in the template text, and
/// <see cref="ToString"/> renders it back as Go does, because both appear in execution errors:
/// "template: :1:8: executing \"\" at &lt;.State.Foo&gt;: ...".
/// </summary>
internal abstract class Node
{
    protected Node(int pos) => Pos = pos;

    public int Pos { get; }

    public abstract void WriteTo(StringBuilder sb);

    public override string ToString()
    {
        var sb = new StringBuilder();
        WriteTo(sb);
        return sb.ToString();
    }
}
