using System.Text.Json.Nodes;
using Berth.Templates.Formatting;
using Berth.Templates.Functions;
using Berth.Templates.Nodes;
using Berth.Templates.Values;

namespace Berth.Templates.Execution;

/// <summary>Evaluation of pipelines, commands, fields and function calls.</summary>
internal sealed partial class Executor
{
    /// <summary>Runs the commands left to right, each receiving the previous result as its last argument.</summary>
    private object? EvalPipeline(object? dot, PipeNode? pipe)
    {
        if (pipe == null) return null;
        _node = pipe;
        object? value = Missing;
        foreach (var command in pipe.Cmds) value = EvalCommand(dot, command, value);
        foreach (var variable in pipe.Decl)
        {
            if (pipe.IsAssign) SetVariable(variable.Ident[0], value);
            else _vars.Push(variable.Ident[0], value);
        }
        return value;
    }

    private object? EvalCommand(object? dot, CommandNode command, object? final)
    {
        var first = command.Args[0];
        switch (first)
        {
            case FieldNode field:
                return EvalFieldNode(dot, field, command.Args, final);
            case ChainNode chain:
                return EvalChainNode(dot, chain, command.Args, final);
            case IdentifierNode identifier:
                return EvalFunction(dot, identifier, command, command.Args, final);
            case PipeNode pipe:
                NotAFunction(command.Args, final);
                return EvalPipeline(dot, pipe);
            case VariableNode variable:
                return EvalVariableNode(dot, variable, command.Args, final);
        }
        _node = first;
        NotAFunction(command.Args, final);
        switch (first)
        {
            case BoolNode b: return b.Value;
            case DotNode: return dot;
            case NilNode: throw Fail("nil is not a command");
            case NumberNode number: return IdealConstant(number);
            case StringNode s: return s.Text;
            default: throw Fail($"can't evaluate command {GoQuote.Quote(first.ToString())}");
        }
    }

    /// <summary>Only functions take arguments; "{{1 2}}" or "{{.X | $v}}" are errors.</summary>
    private void NotAFunction(List<Node>? args, object? final)
    {
        if ((args != null && args.Count > 1) || !ReferenceEquals(final, Missing))
            throw Fail($"can't give argument to non-function {args?[0]}");
    }

    /// <summary>A constant with no declared type, typed the way Go types an untyped constant.</summary>
    private object? IdealConstant(NumberNode number)
    {
        _node = number;
        string text = number.Text;
        bool hexInt = text.Length > 2 && text[0] == '0' && text[1] is 'x' or 'X' && text.IndexOfAny(['p', 'P']) < 0;
        bool runeInt = text.Length > 0 && text[0] == '\'';
        if (number.IsFloat && !hexInt && !runeInt && text.IndexOfAny(['.', 'e', 'E', 'p', 'P']) >= 0) return number.Float64;
        if (number.IsInt) return number.Int64;
        if (number.IsUint) throw Fail($"{text} overflows int");
        return null;
    }

    private object? EvalFieldNode(object? dot, FieldNode field, List<Node>? args, object? final)
    {
        _node = field;
        return EvalFieldChain(dot, dot, field.Ident, 0, args, final);
    }

    private object? EvalChainNode(object? dot, ChainNode chain, List<Node>? args, object? final)
    {
        _node = chain;
        if (chain.Node is NilNode) throw Fail($"indirection through explicit nil in {chain}");
        // Like Go, errors in the fields that follow are reported at the last node the receiver's
        // evaluation visited, not at the chain.
        var receiver = EvalArg(dot, ParamKind.Any, chain.Node);
        return EvalFieldChain(dot, receiver, chain.Field, 0, args, final);
    }

    private object? EvalVariableNode(object? dot, VariableNode variable, List<Node>? args, object? final)
    {
        _node = variable;
        var value = VariableValue(variable.Ident[0]);
        if (variable.Ident.Length == 1)
        {
            NotAFunction(args, final);
            return value;
        }
        return EvalFieldChain(dot, value, variable.Ident, 1, args, final);
    }

    /// <summary>Looks up ident[start..] in turn; only the last step sees the command's arguments.</summary>
    private object? EvalFieldChain(object? dot, object? receiver, string[] ident, int start, List<Node>? args, object? final)
    {
        for (int i = start; i < ident.Length - 1; i++) receiver = EvalField(ident[i], null, Missing, receiver);
        return EvalField(ident[^1], args, final, receiver, dot);
    }

    private object? EvalField(string name, List<Node>? args, object? final, object? receiver, object? dot = null)
    {
        bool hasArgs = (args != null && args.Count > 1) || !ReferenceEquals(final, Missing);
        switch (receiver)
        {
            case JsonObject obj:
                if (hasArgs) return EvalKeyedField(dot, obj, name, args, final);
                if (obj.TryGetPropertyValue(name, out var child)) return GoValue.FromNode(child);
                // Go's maps yield <no value> here; docker's typed structs fail. berth emits every
                // documented field, so a missing key is a typo and is reported, as docker does.
                throw Fail($"map has no entry for key {GoQuote.Quote(name)}");
            case null:
                throw Fail($"nil pointer evaluating interface {{}}.{name}");
            default:
                throw Fail($"can't evaluate field {name} in type {GoValue.TypeName(receiver)}");
        }
    }

    /// <summary>
    /// docker's contexts have methods taking a key, such as ps's {{.Label "com.example"}}. Over JSON data
    /// a field holding an object, called with one argument, stands for such a method: it looks the key up,
    /// and a missing key gives "" as docker's method does.
    /// </summary>
    private object? EvalKeyedField(object? dot, JsonObject receiver, string name, List<Node>? args, object? final)
    {
        var argumentCount = (args?.Count ?? 1) - 1 + (ReferenceEquals(final, Missing) ? 0 : 1);
        if (!receiver.TryGetPropertyValue(name, out var child) || child is not JsonObject table || argumentCount != 1)
            throw Fail($"{name} is not a method but has arguments");
        var key = ReferenceEquals(final, Missing) ? EvalArg(dot, ParamKind.String, args![1]) : final;
        if (key is not string text) throw Fail($"wrong type for value; expected string; got {GoValue.TypeName(key)}");
        return table.TryGetPropertyValue(text, out var value) ? GoValue.FromNode(value) : "";
    }

    private object? EvalFunction(object? dot, IdentifierNode identifier, Node command, List<Node>? args, object? final)
    {
        _node = identifier;
        return EvalCall(dot, identifier.Function, command, args, final);
    }

    /// <summary>
    /// Checks the argument count against the signature, evaluates the arguments (args[0] is the
    /// function itself), appends the piped value and calls. and/or evaluate lazily.
    /// </summary>
    private object? EvalCall(object? dot, BuiltinFunction function, Node command, List<Node>? args, object? final)
    {
        int argCount = args == null ? 0 : args.Count - 1;
        bool hasFinal = !ReferenceEquals(final, Missing);
        int numIn = argCount + (hasFinal ? 1 : 0);
        var fixedParams = function.FixedParameters;
        if (function.VariadicParameter != null)
        {
            if (numIn < fixedParams.Length)
                throw Fail($"wrong number of args for {function.Name}: want at least {fixedParams.Length} got {argCount}");
        }
        else if (numIn != fixedParams.Length)
        {
            throw Fail($"wrong number of args for {function.Name}: want {fixedParams.Length} got {numIn}");
        }

        if (function.IsShortCircuit)
        {
            // and returns the first false argument, or the last; or the first true one, or the last.
            bool stopWhen = function.Name == "or";
            object? result = null;
            for (int i = 1; i <= argCount; i++)
            {
                result = EvalArg(dot, ParamKind.Any, args![i]);
                if (GoValue.IsTrue(result) == stopWhen) return result;
            }
            return hasFinal ? final : result;
        }

        var argv = new object?[numIn];
        int k = 0;
        for (; k < fixedParams.Length && k < argCount; k++) argv[k] = EvalArg(dot, fixedParams[k], args![k + 1]);
        for (; k < argCount; k++) argv[k] = EvalArg(dot, function.VariadicParameter!.Value, args![k + 1]);
        if (hasFinal)
        {
            var kind = numIn - 1 < fixedParams.Length ? fixedParams[numIn - 1] : function.VariadicParameter!.Value;
            argv[k] = ValidateType(final, kind);
        }
        try
        {
            return function.Invoke(argv);
        }
        catch (FunctionException e)
        {
            _node = command;
            throw Fail($"error calling {function.Name}: {e.Message}");
        }
    }

    /// <summary>Evaluates one argument for a parameter of the given Go type.</summary>
    private object? EvalArg(object? dot, ParamKind kind, Node node)
    {
        _node = node;
        switch (node)
        {
            case DotNode:
                return ValidateType(dot, kind);
            case NilNode:
                if (kind.CanBeNil()) return null;
                throw Fail($"cannot assign nil to {kind.GoName()}");
            case FieldNode field:
                return ValidateType(EvalFieldNode(dot, field, null, Missing), kind);
            case VariableNode variable:
                return ValidateType(EvalVariableNode(dot, variable, null, Missing), kind);
            case PipeNode pipe:
                return ValidateType(EvalPipeline(dot, pipe), kind);
            case IdentifierNode identifier:
                return ValidateType(EvalFunction(dot, identifier, identifier, null, Missing), kind);
            case ChainNode chain:
                return ValidateType(EvalChainNode(dot, chain, null, Missing), kind);
        }
        switch (kind)
        {
            case ParamKind.String:
                if (node is StringNode literal) return literal.Text;
                throw Fail($"expected string; found {node}");
            case ParamKind.Int:
                if (node is NumberNode n && n.IsInt) return n.Int64;
                throw Fail($"expected integer; found {node}");
            case ParamKind.Any:
                switch (node)
                {
                    case BoolNode b: return b.Value;
                    case NumberNode number: return IdealConstant(number);
                    case StringNode text: return text.Text;
                }
                throw Fail($"can't handle assignment of {node} to empty interface argument");
            default:
                throw Fail($"can't handle {node} for arg of type {kind.GoName()}");
        }
    }

    /// <summary>Checks a computed value against a parameter type, with Go's messages.</summary>
    private object? ValidateType(object? value, ParamKind kind)
    {
        switch (kind)
        {
            case ParamKind.Any:
                return value;
            case ParamKind.StringList:
                if (value is null or GoList) return value;
                break;
            case ParamKind.String:
                if (value is string) return value;
                break;
            case ParamKind.Int:
                if (value is long) return value;
                break;
        }
        if (value == null) throw Fail($"invalid value; expected {kind.GoName()}");
        throw Fail($"wrong type for value; expected {kind.GoName()}; got {GoValue.TypeName(value)}");
    }
}
