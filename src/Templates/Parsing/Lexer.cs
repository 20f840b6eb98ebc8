using Berth.Templates.Formatting;

namespace Berth.Templates.Parsing;

/// <summary>
/// Splits template text into tokens the way Go's text/template/parse lexer does, including its
/// error messages ("unclosed action", "bad character U+002B '+'") and trim markers: "{{- " eats the
/// white space before the action, " -}}" the white space after it. The whole input is tokenized up
/// front; a lexical error ends the list with an <see cref="TokenKind.Error"/> token at the point it
/// occurred, so the parser still reports earlier syntax errors first, as Go does.
/// </summary>
internal sealed class Lexer
{
    private const string LeftDelim = "{{";
    private const string RightDelim = "}}";
    private const string LeftComment = "/*";
    private const string RightComment = "*/";
    private const int TrimMarkerLength = 2; // "- " or " -"

    private readonly string _input;
    private readonly List<Token> _tokens = new();
    private int _pos;
    private int _parenDepth;

    private Lexer(string input) => _input = input;

    public static List<Token> Tokenize(string input)
    {
        var lexer = new Lexer(input);
        while (lexer.LexText() && lexer.LexAction())
        {
        }
        return lexer._tokens;
    }

    /// <summary>Emits the text up to the next "{{"; false once EOF is emitted.</summary>
    private bool LexText()
    {
        int delim = _input.IndexOf(LeftDelim, _pos, StringComparison.Ordinal);
        if (delim < 0)
        {
            if (_input.Length > _pos) Emit(TokenKind.Text, _pos, _input.Length);
            Emit(TokenKind.EOF, _input.Length, _input.Length);
            return false;
        }
        int textEnd = delim;
        if (HasLeftTrimMarker(delim + LeftDelim.Length))
        {
            while (textEnd > _pos && IsSpace(_input[textEnd - 1])) textEnd--;
        }
        if (textEnd > _pos) Emit(TokenKind.Text, _pos, textEnd);
        _pos = delim;
        return true;
    }

    private bool LexAction()
    {
        int delimStart = _pos;
        int afterDelim = _pos + LeftDelim.Length;
        int afterMarker = afterDelim + (HasLeftTrimMarker(afterDelim) ? TrimMarkerLength : 0);
        if (StartsWithAt(afterMarker, LeftComment)) return LexComment(afterMarker);
        Emit(TokenKind.LeftDelim, delimStart, afterDelim);
        _pos = afterMarker;
        _parenDepth = 0;
        return LexInsideAction();
    }

    private bool LexComment(int start)
    {
        int close = _input.IndexOf(RightComment, start + LeftComment.Length, StringComparison.Ordinal);
        if (close < 0) return Fail(start, "unclosed comment");
        int p = close + RightComment.Length;
        var (delim, trim) = AtRightDelim(p);
        if (!delim) return Fail(start, "comment ends before closing delimiter");
        if (trim) p += TrimMarkerLength;
        p += RightDelim.Length;
        if (trim) p = SkipSpaces(p);
        _pos = p;
        return true;
    }

    private bool LexInsideAction()
    {
        while (true)
        {
            var (delim, trim) = AtRightDelim(_pos);
            if (delim)
            {
                if (_parenDepth != 0) return Fail(_pos, "unclosed left paren");
                if (trim) _pos += TrimMarkerLength;
                Emit(TokenKind.RightDelim, _pos, _pos + RightDelim.Length);
                _pos += RightDelim.Length;
                if (trim) _pos = SkipSpaces(_pos);
                return true;
            }
            if (_pos >= _input.Length) return Fail(_pos, "unclosed action");

            int start = _pos;
            char c = _input[_pos];
            bool ok;
            if (IsSpace(c))
            {
                LexSpace();
                continue;
            }
            switch (c)
            {
                case '=':
                    _pos++;
                    Emit(TokenKind.Assign, start, _pos);
                    continue;
                case ':':
                    if (_pos + 1 >= _input.Length || _input[_pos + 1] != '=') return Fail(start, "expected :=");
                    _pos += 2;
                    Emit(TokenKind.Declare, start, _pos);
                    continue;
                case '|':
                    _pos++;
                    Emit(TokenKind.Pipe, start, _pos);
                    continue;
                case '"':
                    ok = LexQuoted('"', TokenKind.String, "unterminated quoted string");
                    break;
                case '\'':
                    ok = LexQuoted('\'', TokenKind.CharConstant, "unterminated character constant");
                    break;
                case '`':
                    ok = LexRawQuote();
                    break;
                case '$':
                    _pos++;
                    ok = LexFieldOrVariable(start, TokenKind.Variable);
                    break;
                case '(':
                    _pos++;
                    Emit(TokenKind.LeftParen, start, _pos);
                    _parenDepth++;
                    continue;
                case ')':
                    _pos++;
                    if (--_parenDepth < 0) return Fail(start, "unexpected right paren " + GoRune.Describe(')'));
                    Emit(TokenKind.RightParen, start, _pos);
                    continue;
                case '.' when _pos + 1 < _input.Length && !char.IsAsciiDigit(_input[_pos + 1]):
                    _pos++;
                    ok = LexFieldOrVariable(start, TokenKind.Field);
                    break;
                case '.' or '+' or '-':
                case >= '0' and <= '9':
                    ok = LexNumber();
                    break;
                default:
                    int r = GoUnicode.RuneAt(_input, _pos, out int width);
                    if (GoUnicode.IsAlphaNumeric(r))
                    {
                        ok = LexIdentifier();
                    }
                    else if (r <= 0x7F && GoUnicode.IsPrint(r))
                    {
                        _pos += width;
                        ok = Emit(TokenKind.Char, start, _pos);
                    }
                    else
                    {
                        return Fail(start, "unrecognized character in action: " + GoRune.Describe(r));
                    }
                    break;
            }
            if (!ok) return false;
        }
    }

    /// <summary>A run of spaces, stopping before a space that begins a " -}}" trim marker.</summary>
    private void LexSpace()
    {
        int start = _pos;
        while (_pos < _input.Length && IsSpace(_input[_pos]))
        {
            if (HasRightTrimMarker(_pos) && StartsWithAt(_pos + TrimMarkerLength, RightDelim)) break;
            _pos++;
        }
        if (_pos > start) Emit(TokenKind.Space, start, _pos);
    }

    private bool LexIdentifier()
    {
        int start = _pos;
        int r = SkipAlphaNumerics();
        if (!AtTerminator()) return Fail(start, "bad character " + GoRune.Describe(r));
        string word = _input[start.._pos];
        var kind = word switch
        {
            "block" => TokenKind.Block,
            "break" => TokenKind.Break,
            "continue" => TokenKind.Continue,
            "define" => TokenKind.Define,
            "else" => TokenKind.Else,
            "end" => TokenKind.End,
            "if" => TokenKind.If,
            "range" => TokenKind.Range,
            "nil" => TokenKind.Nil,
            "template" => TokenKind.Template,
            "with" => TokenKind.With,
            "true" or "false" => TokenKind.Bool,
            _ => TokenKind.Identifier,
        };
        _tokens.Add(new Token(kind, start, word));
        return true;
    }

    /// <summary>".Name" or "$name", the sigil already consumed; a bare "." is the dot.</summary>
    private bool LexFieldOrVariable(int start, TokenKind kind)
    {
        if (AtTerminator()) return Emit(kind == TokenKind.Variable ? TokenKind.Variable : TokenKind.Dot, start, _pos);
        int r = SkipAlphaNumerics();
        if (!AtTerminator()) return Fail(start, "bad character " + GoRune.Describe(r));
        return Emit(kind, start, _pos);
    }

    /// <summary>Advances over letters, digits and '_'; returns the code point that stopped it.</summary>
    private int SkipAlphaNumerics()
    {
        while (_pos < _input.Length)
        {
            int r = GoUnicode.RuneAt(_input, _pos, out int width);
            if (!GoUnicode.IsAlphaNumeric(r)) return r;
            _pos += width;
        }
        return -1;
    }

    /// <summary>Whether an identifier may end here: space, punctuation that can follow it, or "}}".</summary>
    private bool AtTerminator()
    {
        if (_pos >= _input.Length) return true;
        char c = _input[_pos];
        return IsSpace(c) || c is '.' or ',' or '|' or ':' or ')' or '(' || c == RightDelim[0];
    }

    private bool LexQuoted(char quote, TokenKind kind, string unterminated)
    {
        int start = _pos++;
        while (true)
        {
            if (_pos >= _input.Length) return Fail(start, unterminated);
            char c = _input[_pos++];
            if (c == '\\')
            {
                if (_pos >= _input.Length || _input[_pos] == '\n') return Fail(start, unterminated);
                _pos++;
            }
            else if (c == '\n')
            {
                return Fail(start, unterminated);
            }
            else if (c == quote)
            {
                return Emit(kind, start, _pos);
            }
        }
    }

    private bool LexRawQuote()
    {
        int start = _pos;
        int close = _input.IndexOf('`', start + 1);
        if (close < 0) return Fail(start, "unterminated raw quoted string");
        _pos = close + 1;
        return Emit(TokenKind.RawString, start, _pos);
    }

    private bool LexNumber()
    {
        int start = _pos;
        if (!ScanNumber()) return Fail(start, "bad number syntax: " + GoQuote.Quote(_input[start.._pos]));
        if (_pos < _input.Length && _input[_pos] is '+' or '-')
        {
            // A complex constant such as 1+2i: no spaces, and it must end in 'i'.
            if (!ScanNumber() || _input[_pos - 1] != 'i') return Fail(start, "bad number syntax: " + GoQuote.Quote(_input[start.._pos]));
            return Emit(TokenKind.Complex, start, _pos);
        }
        return Emit(TokenKind.Number, start, _pos);
    }

    /// <summary>
    /// Accepts anything shaped like a Go number (signs, 0x/0o/0b prefixes, '_' separators,
    /// fractions, exponents, a trailing 'i'); the parser rejects what is not really one.
    /// </summary>
    private bool ScanNumber()
    {
        const string Decimal = "0123456789_";
        const string Hex = "0123456789abcdefABCDEF_";
        Accept("+-");
        string digits = Decimal;
        if (Accept("0"))
        {
            if (Accept("xX")) digits = Hex;
            else if (Accept("oO")) digits = "01234567_";
            else if (Accept("bB")) digits = "01_";
        }
        AcceptRun(digits);
        if (Accept(".")) AcceptRun(digits);
        if (ReferenceEquals(digits, Decimal) && Accept("eE"))
        {
            Accept("+-");
            AcceptRun(Decimal);
        }
        if (ReferenceEquals(digits, Hex) && Accept("pP"))
        {
            Accept("+-");
            AcceptRun(Decimal);
        }
        Accept("i");
        if (_pos < _input.Length && GoUnicode.IsAlphaNumeric(GoUnicode.RuneAt(_input, _pos, out int width)))
        {
            _pos += width;
            return false;
        }
        return true;
    }

    private bool Accept(string valid)
    {
        if (_pos < _input.Length && valid.Contains(_input[_pos]))
        {
            _pos++;
            return true;
        }
        return false;
    }

    private void AcceptRun(string valid)
    {
        while (Accept(valid))
        {
        }
    }

    private (bool Delim, bool Trim) AtRightDelim(int p)
    {
        if (HasRightTrimMarker(p) && StartsWithAt(p + TrimMarkerLength, RightDelim)) return (true, true);
        return (StartsWithAt(p, RightDelim), false);
    }

    /// <summary>"{{- " trims only with white space after the '-', so "{{-3}}" is the number -3.</summary>
    private bool HasLeftTrimMarker(int p) => p + 1 < _input.Length && _input[p] == '-' && IsSpace(_input[p + 1]);

    private bool HasRightTrimMarker(int p) => p + 1 < _input.Length && IsSpace(_input[p]) && _input[p + 1] == '-';

    private bool StartsWithAt(int p, string s) => p <= _input.Length && _input.AsSpan(p).StartsWith(s, StringComparison.Ordinal);

    private int SkipSpaces(int p)
    {
        while (p < _input.Length && IsSpace(_input[p])) p++;
        return p;
    }

    /// <summary>White space inside actions and for trimming: Go's " \t\r\n".</summary>
    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private bool Emit(TokenKind kind, int start, int end)
    {
        _tokens.Add(new Token(kind, start, _input[start..end]));
        return true;
    }

    private bool Fail(int pos, string message)
    {
        _tokens.Add(new Token(TokenKind.Error, pos, message));
        return false;
    }
}
