using System.Runtime.CompilerServices;
using Berth.Templates.Formatting;
using Berth.Templates.Functions;
using Berth.Templates.Nodes;

namespace Berth.Templates.Parsing;

/// <summary>Pipelines and what they are made of: declarations, commands, operands and terms.</summary>
internal sealed partial class Parser
{
    private PipeNode Pipeline(string context, TokenKind end)
    {
        var pipe = new PipeNode(PeekNonSpace().Pos);
        while (PeekNonSpace().Kind == TokenKind.Variable)
        {
            int variableIndex = _index;
            var variable = Next();
            var next = PeekNonSpace();
            if (next.Kind is TokenKind.Assign or TokenKind.Declare)
            {
                pipe.IsAssign = next.Kind == TokenKind.Assign;
                Next();
                Declare(pipe, variable);
                break;
            }
            if (next.Kind == TokenKind.Char && next.Value == ",")
            {
                Next();
                Declare(pipe, variable);
                if (context == "range" && pipe.Decl.Count < 2)
                {
                    if (PeekNonSpace().Kind is TokenKind.Variable or TokenKind.RightDelim or TokenKind.RightParen) continue;
                    throw Error("range can only initialize variables");
                }
                throw Error($"too many declarations in {context}");
            }
            _index = variableIndex; // a plain use of the variable, not a declaration
            break;
        }

        while (true)
        {
            var token = NextNonSpace();
            if (token.Kind == end)
            {
                CheckPipeline(pipe, context);
                return pipe;
            }
            switch (token.Kind)
            {
                case TokenKind.Bool:
                case TokenKind.CharConstant:
                case TokenKind.Complex:
                case TokenKind.Dot:
                case TokenKind.Field:
                case TokenKind.Identifier:
                case TokenKind.Number:
                case TokenKind.Nil:
                case TokenKind.RawString:
                case TokenKind.String:
                case TokenKind.Variable:
                case TokenKind.LeftParen:
                    _index--;
                    pipe.Cmds.Add(Command());
                    break;
                default:
                    throw Unexpected(token, context);
            }
        }
    }

    private void Declare(PipeNode pipe, Token variable)
    {
        pipe.Decl.Add(new VariableNode(variable.Pos, [variable.Value]));
        _vars.Add(variable.Value);
    }

    private void CheckPipeline(PipeNode pipe, string context)
    {
        if (pipe.Cmds.Count == 0) throw Error($"missing value for {context}");
        for (int i = 1; i < pipe.Cmds.Count; i++)
        {
            // Only the first stage may be a constant: later stages receive the piped value.
            if (pipe.Cmds[i].Args[0] is BoolNode or DotNode or NilNode or NumberNode or StringNode)
                throw Error($"non executable command in pipeline stage {i + 1}");
        }
    }

    /// <summary>Space-separated operands up to a '|', which it consumes, or a closing delimiter, which it leaves.</summary>
    private CommandNode Command()
    {
        var command = new CommandNode(PeekNonSpace().Pos);
        while (true)
        {
            PeekNonSpace();
            var operand = Operand();
            if (operand != null) command.Args.Add(operand);
            var token = Next();
            if (token.Kind == TokenKind.Space) continue;
            if (token.Kind is TokenKind.RightDelim or TokenKind.RightParen)
            {
                _index--;
                break;
            }
            if (token.Kind == TokenKind.Pipe) break;
            throw Unexpected(token, "operand");
        }
        if (command.Args.Count == 0) throw Error("empty command");
        return command;
    }

    /// <summary>A term possibly followed by .Field accesses.</summary>
    private Node? Operand()
    {
        var node = Term();
        if (node == null) return null;
        if (Peek().Kind != TokenKind.Field) return node;

        int chainPos = Peek().Pos; // Go places the node at its first trailing field
        var fields = new List<string>();
        while (Peek().Kind == TokenKind.Field) fields.Add(Next().Value[1..]);
        switch (node)
        {
            case FieldNode field:
                return new FieldNode(chainPos, [.. field.Ident, .. fields]);
            case VariableNode variable:
                return new VariableNode(chainPos, [.. variable.Ident, .. fields]);
            case BoolNode or StringNode or NumberNode or NilNode or DotNode:
                throw Error($"unexpected . after term {GoQuote.Quote(node.ToString())}");
            default:
                return new ChainNode(chainPos, node, [.. fields]);
        }
    }

    private Node? Term()
    {
        var token = NextNonSpace();
        switch (token.Kind)
        {
            case TokenKind.Identifier:
                if (!Builtins.TryGet(token.Value, out var function)) throw Error($"function {GoQuote.Quote(token.Value)} not defined");
                return new IdentifierNode(token.Pos, function);
            case TokenKind.Dot:
                return new DotNode(token.Pos);
            case TokenKind.Nil:
                return new NilNode(token.Pos);
            case TokenKind.Variable:
                if (!_vars.Contains(token.Value)) throw Error($"undefined variable {GoQuote.Quote(token.Value)}");
                return new VariableNode(token.Pos, [token.Value]);
            case TokenKind.Field:
                return new FieldNode(token.Pos, [token.Value[1..]]);
            case TokenKind.Bool:
                return new BoolNode(token.Pos, token.Value == "true");
            case TokenKind.CharConstant:
            case TokenKind.Complex:
            case TokenKind.Number:
                var number = NumberLiteral.Parse(token.Pos, token.Value, token.Kind, out string? error);
                if (error != null) throw Error(error);
                return number;
            case TokenKind.LeftParen:
                if (!RuntimeHelpers.TryEnsureSufficientExecutionStack()) throw Error("max expression depth exceeded");
                return Pipeline("parenthesized pipeline", TokenKind.RightParen);
            case TokenKind.String:
            case TokenKind.RawString:
                return new StringNode(token.Pos, token.Value, Unquote(token));
            default:
                _index--;
                return null;
        }
    }

    private string Unquote(Token token)
    {
        if (!GoLiteral.TryUnquote(token.Value, out string value)) throw Error("invalid syntax");
        return value;
    }
}
