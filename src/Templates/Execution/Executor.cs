using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Berth.Templates.Formatting;
using Berth.Templates.Nodes;
using Berth.Templates.Parsing;
using Berth.Templates.Values;

namespace Berth.Templates.Execution;

/// <summary>
/// Runs a parsed template over data, writing as it goes, with Go's semantics and Go's errors:
/// "template: :LINE:COL: executing \"NAME\" at &lt;NODE&gt;: MESSAGE", where NODE is the node being
/// evaluated when things went wrong. This file walks the tree; the Eval part evaluates pipelines.
/// </summary>
internal sealed partial class Executor
{
    /// <summary>
    /// How deeply {{template}} may nest. Go allows 100000; .NET threads have smaller stacks, and only a
    /// runaway recursive template gets anywhere near either limit.
    /// </summary>
    private const int MaxTemplateDepth = 1000;

    /// <summary>Stands for "no value piped in" (Go's missingVal): distinct from nil, which is a value.</summary>
    private static readonly object Missing = new();

    private readonly TemplateSet _set;
    private readonly TextWriter _out;
    private VariableStack _vars = new();
    private string _templateName = "";
    private int _depth;
    private Node? _node;

    private Executor(TemplateSet set, TextWriter output)
    {
        _set = set;
        _out = output;
    }

    public static void Run(TemplateSet set, JsonNode? data, TextWriter output)
    {
        var dot = GoValue.FromNode(data);
        var executor = new Executor(set, output);
        executor._vars.Push("$", dot);
        executor.Walk(dot, set.Root);
    }

    private Flow Walk(object? dot, Node node)
    {
        _node = node;
        switch (node)
        {
            case TextNode text:
                _out.Write(text.Text);
                return Flow.Normal;
            case ActionNode action:
                var value = EvalPipeline(dot, action.Pipe);
                if (action.Pipe.Decl.Count == 0) PrintValue(action, value); // declarations print nothing
                return Flow.Normal;
            case ListNode list:
                foreach (var child in list.Nodes)
                {
                    var flow = Walk(dot, child);
                    if (flow != Flow.Normal) return flow;
                }
                return Flow.Normal;
            case IfNode branch:
                return WalkIfOrWith(dot, branch, setsDot: false);
            case WithNode branch:
                return WalkIfOrWith(dot, branch, setsDot: true);
            case RangeNode range:
                return WalkRange(dot, range);
            case TemplateNode template:
                WalkTemplate(dot, template);
                return Flow.Normal;
            case BreakNode:
                return Flow.Break;
            case ContinueNode:
                return Flow.Continue;
            default:
                throw Fail($"unknown node: {node}");
        }
    }

    private Flow WalkIfOrWith(object? dot, BranchNode branch, bool setsDot)
    {
        int mark = _vars.Count;
        var value = EvalPipeline(dot, branch.Pipe);
        var flow = Flow.Normal;
        if (GoValue.IsTrue(value)) flow = Walk(setsDot ? value : dot, branch.List);
        else if (branch.ElseList != null) flow = Walk(dot, branch.ElseList);
        _vars.Pop(mark);
        return flow;
    }

    private Flow WalkRange(object? dot, RangeNode range)
    {
        _node = range;
        int mark = _vars.Count;
        var value = EvalPipeline(dot, range.Pipe);
        int bodyMark = _vars.Count;
        bool ran = false;
        switch (value)
        {
            case GoList list:
                for (int i = 0; i < list.Count; i++)
                {
                    ran = true;
                    if (Iterate(range, bodyMark, (long)i, list[i]) == Flow.Break) break;
                }
                break;
            case JsonObject obj:
                foreach (var entry in GoValue.SortedEntries(obj)) // Go ranges over maps in key order
                {
                    ran = true;
                    if (Iterate(range, bodyMark, entry.Key, GoValue.FromNode(entry.Value)) == Flow.Break) break;
                }
                break;
            case long or ulong:
                // Go 1.22: range over an integer n yields 0 .. n-1.
                if (range.Pipe.Decl.Count > 1) throw Fail($"can't use {GoPrinter.FormatValue(value)} to iterate over more than one variable");
                ulong count = value is long l ? (ulong)Math.Max(l, 0) : (ulong)value;
                for (ulong i = 0; i < count; i++)
                {
                    ran = true;
                    object boxed = value is long ? (long)i : i;
                    if (Iterate(range, bodyMark, boxed, boxed) == Flow.Break) break;
                }
                break;
            case null:
                break; // like an empty collection
            default:
                throw Fail($"range can't iterate over {GoPrinter.FormatValue(value)}");
        }
        var flow = Flow.Normal;
        if (!ran && range.ElseList != null) flow = Walk(dot, range.ElseList);
        _vars.Pop(mark);
        return flow;
    }

    /// <summary>One pass of a range body with its variables set: $elem alone, or $index, $elem.</summary>
    private Flow Iterate(RangeNode range, int bodyMark, object index, object? element)
    {
        var pipe = range.Pipe;
        if (pipe.Decl.Count > 0)
        {
            if (pipe.IsAssign) SetVariable(pipe.Decl[0].Ident[0], pipe.Decl.Count > 1 ? index : element);
            else _vars.SetFromTop(1, element);
        }
        if (pipe.Decl.Count > 1)
        {
            if (pipe.IsAssign) SetVariable(pipe.Decl[1].Ident[0], element);
            else _vars.SetFromTop(2, index);
        }
        var flow = Walk(element, range.List);
        _vars.Pop(bodyMark);
        return flow;
    }

    private void WalkTemplate(object? dot, TemplateNode template)
    {
        _node = template;
        if (!_set.Templates.TryGetValue(template.Name, out var body)) throw Fail($"template {GoQuote.Quote(template.Name)} not defined");
        if (_depth >= MaxTemplateDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw Fail($"exceeded maximum template depth ({MaxTemplateDepth})");
        var newDot = EvalPipeline(dot, template.Pipe);

        // No dynamic scoping: the called template sees only $, set to its dot.
        var savedVars = _vars;
        var savedName = _templateName;
        _vars = new VariableStack();
        _vars.Push("$", newDot);
        _templateName = template.Name;
        _depth++;
        Walk(newDot, body);
        _depth--;
        _templateName = savedName;
        _vars = savedVars;
    }

    private void PrintValue(Node node, object? value)
    {
        _node = node;
        _out.Write(GoPrinter.FormatValue(value));
    }

    private object? VariableValue(string name)
    {
        if (_vars.TryGet(name, out var value)) return value;
        throw Fail($"undefined variable: {name}");
    }

    private void SetVariable(string name, object? value)
    {
        if (!_vars.TrySet(name, value)) throw Fail($"undefined variable: {name}");
    }

    /// <summary>An execution error located at the node being evaluated.</summary>
    private TemplateException Fail(string message)
    {
        if (_node == null) return new TemplateException($"template: {_templateName}: {message}");
        int line = SourceLocation.Line(_set.Source, _node.Pos);
        int column = SourceLocation.Column(_set.Source, _node.Pos);
        return new TemplateException(
            $"template: :{line}:{column}: executing {GoQuote.Quote(_templateName)} at <{_node}>: {message}");
    }
}
