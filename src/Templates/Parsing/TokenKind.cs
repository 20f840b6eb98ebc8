namespace Berth.Templates.Parsing;

/// <summary>The lexical items of Go's template language; keywords come after <see cref="Keyword"/>.</summary>
internal enum TokenKind
{
    Error,
    Bool,
    Char,
    CharConstant,
    Complex,
    Assign,
    Declare,
    EOF,
    Field,
    Identifier,
    LeftDelim,
    LeftParen,
    Number,
    Pipe,
    RawString,
    RightDelim,
    RightParen,
    Space,
    String,
    Text,
    Variable,

    /// <summary>Delimits keywords: every kind after it prints as &lt;word&gt; in messages.</summary>
    Keyword,
    Block,
    Break,
    Continue,
    Dot,
    Define,
    Else,
    End,
    If,
    Nil,
    Range,
    Template,
    With,
}
