using Berth.Templates.Formatting;

namespace Berth.Templates.Parsing;

/// <summary>One lexical item: its kind, its offset (in chars) in the template text and its text.</summary>
internal readonly record struct Token(TokenKind Kind, int Pos, string Value)
{
    /// <summary>How Go's parser names the token in "unexpected X in Y" messages.</summary>
    public override string ToString()
    {
        if (Kind == TokenKind.EOF) return "EOF";
        if (Kind == TokenKind.Error) return Value;
        if (Kind > TokenKind.Keyword) return "<" + Value + ">";
        if (GoUnicode.RuneCount(Value) > 10)
        {
            int cut = 0;
            for (int runes = 0; runes < 10; runes++)
            {
                GoUnicode.RuneAt(Value, cut, out int width);
                cut += width;
            }
            return GoQuote.Quote(Value[..cut]) + "...";
        }
        return GoQuote.Quote(Value);
    }
}
