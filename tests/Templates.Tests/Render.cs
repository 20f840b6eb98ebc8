using System.Text.Json.Nodes;

namespace Berth.Templates.Tests;

/// <summary>Parses and executes a template over JSON text, as berth's CLI does with --format.</summary>
internal static class Render
{
    public static string Run(string template, string json = "{}") =>
        GoTemplate.Parse(template).Execute(JsonNode.Parse(json));

    public static string ParseError(string template) =>
        Assert.Throws<TemplateException>(() => GoTemplate.Parse(template)).Message;

    public static string ExecError(string template, string json = "{}")
    {
        var parsed = GoTemplate.Parse(template);
        return Assert.Throws<TemplateException>(() => parsed.Execute(JsonNode.Parse(json))).Message;
    }
}
