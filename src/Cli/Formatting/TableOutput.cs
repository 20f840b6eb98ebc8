using System.Text.Json.Nodes;
using Berth.Sys.Errors;
using Berth.Templates;

namespace Berth.Cli;

/// <summary>
/// docker's --format handling for list commands: "table …" prints a header and aligns columns with
/// a tabwriter; any other template prints one line per row; "json" is {{json .}}.
/// </summary>
public sealed class TableOutput
{
    readonly GoTemplate _template;
    readonly bool _table;
    readonly string _headerTemplate;

    public TableOutput(string format)
    {
        var text = format == "json" ? "{{json .}}" : format;
        _table = text.StartsWith("table", StringComparison.Ordinal);
        if (_table) text = text["table".Length..].TrimStart(' ');
        text = text.Replace("\\t", "\t").Replace("\\n", "\n");
        _headerTemplate = text;
        try
        {
            _template = GoTemplate.Parse(text);
        }
        catch (TemplateException e)
        {
            throw BerthException.Invalid($"template parsing error: {e.Message}");
        }
    }

    public void Write(TextWriter output, IEnumerable<JsonObject> rows, IReadOnlyDictionary<string, string> headers)
    {
        using var tabs = new TabWriter(output, 10, 1, 3, ' ', 0);
        TextWriter target = _table ? tabs : output;
        if (_table)
        {
            var headerRow = new JsonObject();
            foreach (var (key, header) in headers) headerRow[key] = header;
            Execute(GoTemplate.Parse(_headerTemplate), headerRow, target);
        }
        foreach (var row in rows) Execute(_template, row, target);
        target.Flush();
    }

    static void Execute(GoTemplate template, JsonNode row, TextWriter output)
    {
        try
        {
            template.Execute(row, output);
            output.Write('\n');
        }
        catch (TemplateException e)
        {
            // Go's message already starts "template: ", as docker prints it.
            throw BerthException.Invalid(e.Message);
        }
    }
}
