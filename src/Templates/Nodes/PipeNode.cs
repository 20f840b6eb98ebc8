using System.Text;

namespace Berth.Templates.Nodes;

/// <summary>"$x := cmd1 | cmd2 arg": commands whose result feeds the next as its last argument.</summary>
internal sealed class PipeNode : Node
{
    public PipeNode(int pos) : base(pos)
    {
    }

    /// <summary>The variables declared ($x := ...) or assigned ($x = ...), in lexical order.</summary>
    public List<VariableNode> Decl { get; } = new();

    public bool IsAssign { get; set; }

    public List<CommandNode> Cmds { get; } = new();

    public override void WriteTo(StringBuilder sb)
    {
        if (Decl.Count > 0)
        {
            for (int i = 0; i < Decl.Count; i++)
            {
                if (i > 0) sb.Append(", ");
                Decl[i].WriteTo(sb);
            }
            sb.Append(" := "); // Go prints ":=" for assignments too
        }
        for (int i = 0; i < Cmds.Count; i++)
        {
            if (i > 0) sb.Append(" | ");
            Cmds[i].WriteTo(sb);
        }
    }
}
