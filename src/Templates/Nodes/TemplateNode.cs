using System.Text;
using Berth.Templates.Formatting;

namespace Berth.Templates.Nodes;

/// <summary>{{template "name" pipeline}}: runs a named template with dot set to the pipeline's value.</summary>
internal sealed class TemplateNode : Node
{
    public TemplateNode(int pos, string name, PipeNode? pipe) : base(pos)
    {
        Name = name;
        Pipe = pipe;
    }

    public string Name { get; }

    public PipeNode? Pipe { get; }

    public override void WriteTo(StringBuilder sb)
    {
        sb.Append("{{template ");
        GoQuote.AppendQuoted(sb, Name);
        if (Pipe != null)
        {
            sb.Append(' ');
            Pipe.WriteTo(sb);
        }
        sb.Append("}}");
    }
}
