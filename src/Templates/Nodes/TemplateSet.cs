namespace Berth.Templates.Nodes;

/// <summary>
/// Everything one Parse produced: the main template (named "") and those made by define and block,
/// plus the source text, which execution errors need to turn offsets into line:column.
/// </summary>
internal sealed class TemplateSet
{
    public TemplateSet(string source, Dictionary<string, ListNode> templates)
    {
        Source = source;
        Templates = templates;
    }

    public string Source { get; }

    public Dictionary<string, ListNode> Templates { get; }

    public ListNode Root => Templates[""];
}
