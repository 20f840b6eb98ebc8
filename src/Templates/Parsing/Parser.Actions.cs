using System.Runtime.CompilerServices;
using Berth.Templates.Nodes;

namespace Berth.Templates.Parsing;

/// <summary>Actions and control structures: if, range, with, else, end, break, continue, template, block.</summary>
internal sealed partial class Parser
{
    // ---- actions ------------------------------------------------------------------------------

    private Node Action()
    {
        var token = NextNonSpace();
        switch (token.Kind)
        {
            case TokenKind.Block: return BlockControl();
            case TokenKind.Break: return LoopControl("{{break}}", new BreakNode(token.Pos));
            case TokenKind.Continue: return LoopControl("{{continue}}", new ContinueNode(token.Pos));
            case TokenKind.Else: return ElseControl();
            case TokenKind.End: return new EndNode(Expect(TokenKind.RightDelim, "end").Pos);
            case TokenKind.If: return BranchControl("if");
            case TokenKind.Range: return BranchControl("range");
            case TokenKind.Template: return TemplateControl();
            case TokenKind.With: return BranchControl("with");
        }
        _index--; // back to the token that starts the pipeline
        var start = Peek();
        return new ActionNode(start.Pos, Pipeline("command", TokenKind.RightDelim));
    }

    /// <summary>{{break}} or {{continue}}, legal only inside a range of the same template.</summary>
    private Node LoopControl(string context, Node node)
    {
        var token = NextNonSpace();
        if (token.Kind != TokenKind.RightDelim) throw Unexpected(token, context);
        if (_rangeDepth == 0) throw Error($"{context} outside {{{{range}}}}");
        return node;
    }

    /// <summary>{{else}}, or the "else" of "else if"/"else with", leaving the if or with to be read.</summary>
    private Node ElseControl()
    {
        var peek = PeekNonSpace();
        if (peek.Kind is TokenKind.If or TokenKind.With) return new ElseNode(peek.Pos);
        return new ElseNode(Expect(TokenKind.RightDelim, "else").Pos);
    }

    private Node BranchControl(string context)
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack()) throw Error("max expression depth exceeded");
        int varsMark = _vars.Count; // variables declared here live until the matching {{end}}
        var pipe = Pipeline(context, TokenKind.RightDelim);
        if (context == "range") _rangeDepth++;
        var (list, next) = ItemList();
        if (context == "range") _rangeDepth--;
        ListNode? elseList = null;
        if (next is ElseNode)
        {
            // "{{else if x}}" is "{{else}}{{if x}}...{{end}}{{end}}" with the inner {{end}} shared.
            if ((context == "if" && Peek().Kind == TokenKind.If) || (context == "with" && Peek().Kind == TokenKind.With))
            {
                Next();
                elseList = new ListNode(next.Pos);
                elseList.Nodes.Add(BranchControl(context));
            }
            else
            {
                (elseList, next) = ItemList();
                if (next is not EndNode) throw Error($"expected end; found {next}");
            }
        }
        _vars.RemoveRange(varsMark, _vars.Count - varsMark);
        return context switch
        {
            "if" => new IfNode(pipe.Pos, pipe, list, elseList),
            "range" => new RangeNode(pipe.Pos, pipe, list, elseList),
            _ => new WithNode(pipe.Pos, pipe, list, elseList),
        };
    }

    /// <summary>{{template "name"}} or {{template "name" pipeline}}.</summary>
    private Node TemplateControl()
    {
        const string Context = "template clause";
        var token = NextNonSpace();
        string name = TemplateName(token, Context);
        PipeNode? pipe = null;
        if (NextNonSpace().Kind != TokenKind.RightDelim)
        {
            _index--;
            pipe = Pipeline(Context, TokenKind.RightDelim);
        }
        return new TemplateNode(token.Pos, name, pipe);
    }

    /// <summary>{{block "name" pipeline}} default {{end}}: defines the template and runs it in place.</summary>
    private Node BlockControl()
    {
        const string Context = "block clause";
        var token = NextNonSpace();
        string name = TemplateName(token, Context);
        var pipe = Pipeline(Context, TokenKind.RightDelim);
        var body = ParseInNewScope(out var end);
        if (end is not EndNode) throw Error($"unexpected {end} in {Context}");
        Add(name, body);
        return new TemplateNode(token.Pos, name, pipe);
    }

    private string TemplateName(Token token, string context)
    {
        if (token.Kind is not (TokenKind.String or TokenKind.RawString)) throw Unexpected(token, context);
        return Unquote(token);
    }
}
