using System.Text;

namespace Berth.Build.Dockerfile;

/// <summary>
/// Docker's word processing for ENV, LABEL, COPY, WORKDIR…: quotes, the escape character and
/// $VAR / ${VAR} with the :- - :+ + :? ? # % modifiers, against the args and env in effect.
/// <see cref="ProcessWord"/> keeps the text one word; <see cref="ProcessWords"/> splits it on
/// unquoted whitespace, as the shell would (an unquoted expansion splits too).
/// </summary>
public sealed class ShellLex(char escape = '\\')
{
    public string ProcessWord(string text, Func<string, string?> lookup) =>
        string.Concat(new Scan(text, escape, lookup, split: false).Run(null));

    public List<string> ProcessWords(string text, Func<string, string?> lookup) =>
        new Scan(text, escape, lookup, split: true).Run(null);

    /// <summary>The expansion of a heredoc body: only $ and the escape character are special, quotes are text.</summary>
    public string ProcessHeredoc(string text, Func<string, string?> lookup) =>
        string.Concat(new Scan(text, escape, lookup, split: false, quotesAreText: true).Run(null));

    sealed class Scan(string text, char escape, Func<string, string?> lookup, bool split, bool quotesAreText = false)
    {
        int _pos;
        readonly List<string> _words = [];
        readonly StringBuilder _word = new();
        bool _inWord;

        public List<string> Run(char? stop)
        {
            while (_pos < text.Length)
            {
                var c = text[_pos];
                if (stop == c) break;
                if (c == escape)
                {
                    _pos++;
                    if (_pos < text.Length)
                    {
                        if (quotesAreText && text[_pos] != '$' && text[_pos] != escape) AddRaw(escape);
                        AddRaw(text[_pos++]);
                    }
                    else AddRaw(escape);
                }
                else if (c == '\'' && !quotesAreText) SingleQuoted();
                else if (c == '"' && !quotesAreText) DoubleQuoted();
                else if (c == '$') AddExpansion(Dollar(), quoted: false);
                else if (split && char.IsWhiteSpace(c))
                {
                    EndWord();
                    _pos++;
                }
                else AddRaw(text[_pos++]);
            }
            EndWord();
            return _words;
        }

        void AddRaw(char c)
        {
            _word.Append(c);
            _inWord = true;
        }

        void AddExpansion(string value, bool quoted)
        {
            if (!split || quoted)
            {
                _word.Append(value);
                _inWord = true;
                return;
            }
            foreach (var c in value)
            {
                if (char.IsWhiteSpace(c)) EndWord();
                else AddRaw(c);
            }
        }

        void EndWord()
        {
            if (!_inWord) return;
            _words.Add(_word.ToString());
            _word.Clear();
            _inWord = false;
        }

        void SingleQuoted()
        {
            _pos++;
            _inWord = true;
            var end = text.IndexOf('\'', _pos);
            if (end < 0) throw BerthExceptionFor("unexpected end of statement while looking for matching single-quote");
            _word.Append(text, _pos, end - _pos);
            _pos = end + 1;
        }

        void DoubleQuoted()
        {
            _pos++;
            _inWord = true;
            while (true)
            {
                if (_pos >= text.Length) throw BerthExceptionFor("unexpected end of statement while looking for matching double-quote");
                var c = text[_pos];
                if (c == '"')
                {
                    _pos++;
                    return;
                }
                if (c == '$') AddExpansion(Dollar(), quoted: true);
                else if (c == escape && _pos + 1 < text.Length && text[_pos + 1] is var next && (next == '"' || next == '$' || next == escape))
                {
                    _word.Append(next);
                    _pos += 2;
                }
                else
                {
                    _word.Append(c);
                    _pos++;
                }
            }
        }

        /// <summary>At a '$': the expansion, or "$" itself when no name follows.</summary>
        string Dollar()
        {
            _pos++;
            if (_pos >= text.Length) return "$";
            if (text[_pos] != '{')
            {
                var name = Name();
                return name.Length == 0 ? "$" : lookup(name) ?? "";
            }
            _pos++;
            var braced = Name();
            if (braced.Length == 0) throw BerthExceptionFor("bad substitution: missing variable name after ${");
            if (_pos >= text.Length) throw BerthExceptionFor($"missing '}}' in ${{{braced}");
            var op = text[_pos];
            if (op == '}')
            {
                _pos++;
                return lookup(braced) ?? "";
            }
            var colon = op == ':';
            if (colon)
            {
                _pos++;
                op = _pos < text.Length ? text[_pos] : '\0';
            }
            if (op is not ('-' or '+' or '?' or '#' or '%')) throw BerthExceptionFor($"unsupported modifier ({op}) in substitution of {braced}");
            _pos++;
            var word = Nested();
            var value = lookup(braced);
            var set = value is not null && (!colon || value.Length > 0);
            return op switch
            {
                '-' => set ? value! : word,
                '+' => set ? word : "",
                '?' => set ? value! : throw BerthExceptionFor($"{braced}: {(word.Length > 0 ? word : "is not allowed to be unset")}"),
                '#' => value is not null && value.StartsWith(word, StringComparison.Ordinal) ? value[word.Length..] : value ?? "",
                _ => value is not null && value.EndsWith(word, StringComparison.Ordinal) ? value[..^word.Length] : value ?? "",
            };
        }

        /// <summary>The word of a ${V:-word} modifier, itself expanded, up to the closing brace.</summary>
        string Nested()
        {
            var inner = new Scan(text, escape, lookup, split: false, quotesAreText) { _pos = _pos };
            var result = string.Concat(inner.Run('}'));
            if (inner._pos >= text.Length) throw BerthExceptionFor("missing '}' in substitution");
            _pos = inner._pos + 1;
            return result;
        }

        string Name()
        {
            var start = _pos;
            if (_pos < text.Length && (char.IsAsciiDigit(text[_pos]) || text[_pos] is '*' or '#' or '@' or '!' or '?' or '$'))
                return text[_pos++].ToString();
            while (_pos < text.Length && (char.IsAsciiLetterOrDigit(text[_pos]) || text[_pos] == '_')) _pos++;
            return text[start.._pos];
        }

        Sys.Errors.BerthException BerthExceptionFor(string message) => Sys.Errors.BerthException.Invalid($"{message}: {text}");
    }
}
