using Berth.Templates.Formatting;
using Berth.Templates.Nodes;

namespace Berth.Templates.Parsing;

/// <summary>
/// A recursive-descent parser following Go's text/template/parse: the same grammar, the same
/// checks at parse time (unknown functions, undefined variables, break outside range) and the
/// same messages, "template: :LINE: ...".
/// </summary>
internal sealed partial class Parser
{
    private readonly string _text;
    private readonly List<Token> _tokens;
    private readonly Dictionary<string, ListNode> _templates = new(StringComparer.Ordinal);
    private List<string> _vars = new() { "$" };
    private int _index;
    private int _furthest;
    private int _rangeDepth;
    private int _actionStart = -1; // offset of the "{{" being parsed, for "started at" in errors

    private Parser(string text)
    {
        _text = text;
        _tokens = Lexer.Tokenize(text);
    }

    public static TemplateSet Parse(string text)
    {
        var parser = new Parser(text);
        var root = parser.ParseRoot();
        parser.Add("", root);
        return new TemplateSet(text, parser._templates);
    }

    // ---- token stream -------------------------------------------------------------------------

    /// <summary>The token at <paramref name="index"/>; reading past the end repeats the final EOF or error token.</summary>
    private Token At(int index) => _tokens[Math.Min(index, _tokens.Count - 1)];

    private Token Next()
    {
        var token = Peek();
        _index++;
        return token;
    }

    private Token Peek()
    {
        int index = Math.Min(_index, _tokens.Count - 1);
        if (index > _furthest) _furthest = index;
        return _tokens[index];
    }

    private Token NextNonSpace()
    {
        Token token;
        do token = Next();
        while (token.Kind == TokenKind.Space);
        return token;
    }

    private Token PeekNonSpace()
    {
        while (At(_index).Kind == TokenKind.Space) _index++;
        return Peek();
    }

    // ---- errors -------------------------------------------------------------------------------

    /// <summary>Go reports the line of the token it read last.</summary>
    private TemplateException Error(string message) =>
        new($"template: :{SourceLocation.Line(_text, _tokens[_furthest].Pos)}: {message}");

    private TemplateException Unexpected(Token token, string context)
    {
        if (token.Kind == TokenKind.Error)
        {
            string extra = "";
            int tokenLine = SourceLocation.Line(_text, token.Pos);
            int actionLine = _actionStart < 0 ? 0 : SourceLocation.Line(_text, _actionStart);
            if (actionLine != 0 && actionLine != tokenLine)
            {
                extra = $" in action started at :{actionLine}";
                if (token.Value.EndsWith(" action", StringComparison.Ordinal)) extra = extra[" in action".Length..]; // no "action in action"
            }
            return Error(token.Value + extra);
        }
        return Error($"unexpected {token} in {context}");
    }

    private Token Expect(TokenKind kind, string context)
    {
        var token = NextNonSpace();
        if (token.Kind != kind) throw Unexpected(token, context);
        return token;
    }

    // ---- templates ----------------------------------------------------------------------------

    private ListNode ParseRoot()
    {
        var root = new ListNode(Peek().Pos);
        while (Peek().Kind != TokenKind.EOF)
        {
            if (Peek().Kind == TokenKind.LeftDelim)
            {
                int delim = _index;
                Next();
                if (NextNonSpace().Kind == TokenKind.Define)
                {
                    ParseDefinition();
                    continue;
                }
                _index = delim;
            }
            var node = TextOrAction();
            if (node is EndNode or ElseNode) throw Error($"unexpected {node}");
            root.Nodes.Add(node);
        }
        return root;
    }

    /// <summary>{{define "name"}} body {{end}}, the keyword already read.</summary>
    private void ParseDefinition()
    {
        const string Context = "define clause";
        var nameToken = NextNonSpace();
        if (nameToken.Kind is not (TokenKind.String or TokenKind.RawString)) throw Unexpected(nameToken, Context);
        string name = Unquote(nameToken);
        Expect(TokenKind.RightDelim, Context);
        var body = ParseInNewScope(out var end);
        if (end is not EndNode) throw Error($"unexpected {end} in {Context}");
        Add(name, body);
    }

    /// <summary>A define or block body: it sees only "$", and is not inside any enclosing range.</summary>
    private ListNode ParseInNewScope(out Node end)
    {
        var savedVars = _vars;
        int savedRangeDepth = _rangeDepth;
        _vars = new List<string> { "$" };
        _rangeDepth = 0;
        var (body, terminator) = ItemList();
        _vars = savedVars;
        _rangeDepth = savedRangeDepth;
        end = terminator;
        return body;
    }

    /// <summary>Registers a template; an empty body never replaces a real one, two real ones clash.</summary>
    private void Add(string name, ListNode body)
    {
        if (!_templates.TryGetValue(name, out var existing) || existing.IsEmpty())
        {
            _templates[name] = body;
            return;
        }
        if (!body.IsEmpty()) throw Error($"template: multiple definition of template {GoQuote.Quote(name)}");
    }

    /// <summary>Nodes up to the {{end}} or {{else}} that closes them, which is returned separately.</summary>
    private (ListNode List, Node End) ItemList()
    {
        var list = new ListNode(PeekNonSpace().Pos);
        while (PeekNonSpace().Kind != TokenKind.EOF)
        {
            var node = TextOrAction();
            if (node is EndNode or ElseNode) return (list, node);
            list.Nodes.Add(node);
        }
        throw Error("unexpected EOF");
    }

    private Node TextOrAction()
    {
        var token = NextNonSpace();
        switch (token.Kind)
        {
            case TokenKind.Text:
                return new TextNode(token.Pos, token.Value);
            case TokenKind.LeftDelim:
                _actionStart = token.Pos;
                try
                {
                    return Action();
                }
                finally
                {
                    _actionStart = -1;
                }
            default:
                throw Unexpected(token, "input");
        }
    }
}
