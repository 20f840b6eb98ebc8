namespace Berth.Templates;

/// <summary>
/// A template that does not parse or fails while executing. The message is Go's, word for word,
/// so users see what docker shows: "template: :1: function \"foo\" not defined" when parsing,
/// "template: :1:8: executing \"\" at &lt;.State.Foo&gt;: map has no entry for key \"Foo\"" when running.
/// </summary>
public sealed class TemplateException : Exception
{
    internal TemplateException(string message) : base(message)
    {
    }
}
