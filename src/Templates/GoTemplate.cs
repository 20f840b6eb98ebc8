using System.Globalization;
using System.Text.Json.Nodes;
using Berth.Templates.Execution;
using Berth.Templates.Nodes;
using Berth.Templates.Parsing;

namespace Berth.Templates;

/// <summary>
/// A Go text/template, as docker's --format and -f flags take it, evaluated over JSON whose keys
/// are docker's field names: {{.Config.Env}}, {{json .}}, {{range .Mounts}}{{.Source}}{{end}}.
/// Parse once and execute many times; a parsed template is immutable and thread-safe.
/// </summary>
public sealed class GoTemplate
{
    private readonly TemplateSet _set;

    private GoTemplate(TemplateSet set) => _set = set;

    /// <summary>Parses <paramref name="text"/>, with any {{define}} and {{block}} templates in it.</summary>
    /// <exception cref="TemplateException">The text is not a valid template; the message is Go's.</exception>
    public static GoTemplate Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new GoTemplate(Parser.Parse(text));
    }

    /// <summary>Executes the template with <paramref name="data"/> as dot and returns the output.</summary>
    /// <exception cref="TemplateException">Execution failed, for instance on a key the data lacks.</exception>
    public string Execute(JsonNode? data)
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        Execute(data, output);
        return output.ToString();
    }

    /// <summary>
    /// Executes the template, writing to <paramref name="output"/> as it goes; on an error, what was
    /// written before it stays written, as in Go.
    /// </summary>
    /// <exception cref="TemplateException">Execution failed, for instance on a key the data lacks.</exception>
    public void Execute(JsonNode? data, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        Executor.Run(_set, data, output);
    }
}
