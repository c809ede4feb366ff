using System.Buffers;
using System.Text;

namespace QueryDoctor.Sql;

/// <summary>
/// Writes the normalised text of a token stream: values become <c>?</c>, value-only IN-lists become
/// <c>in (...)</c>, value-only VALUES rows collapse to one row, names are unquoted and lowercased,
/// and spacing is rebuilt from the tokens alone so the source layout cannot leak in.
/// </summary>
internal static class SqlNormalizer
{
    private enum Spacing : byte
    {
        None,
        Open,
        Glue,
        Other,
    }

    public static void Write(ReadOnlySpan<char> sql, ReadOnlySpan<SqlToken> tokens, ref CharBuffer output)
    {
        var last = Spacing.None;
        var pendingSemicolon = false;
        var i = 0;
        while (i < tokens.Length)
        {
            var token = tokens[i];
            if (token.Kind == SqlTokenKind.Semicolon)
            {
                pendingSemicolon = output.Length > 0;
                i++;
                continue;
            }

            if (pendingSemicolon)
            {
                output.Append(';');
                last = Spacing.Other;
                pendingSemicolon = false;
            }

            if (token.Kind == SqlTokenKind.Word && i + 1 < tokens.Length && tokens[i + 1].Kind == SqlTokenKind.LeftParen)
            {
                if (token.Keyword == SqlKeyword.In)
                {
                    var close = MatchValueRow(tokens, i + 1, out _);
                    if (close > 0)
                    {
                        Emit(ref output, ref last, "in", Spacing.Other);
                        Emit(ref output, ref last, "(", Spacing.Open);
                        Emit(ref output, ref last, "...", Spacing.Other);
                        Emit(ref output, ref last, ")", Spacing.Other);
                        i = close + 1;
                        continue;
                    }
                }
                else if (token.Keyword == SqlKeyword.Values)
                {
                    var end = MatchValueRows(tokens, i + 1, out var arity);
                    if (end > 0)
                    {
                        Emit(ref output, ref last, "values", Spacing.Other);
                        Emit(ref output, ref last, "(", Spacing.Open);
                        for (var n = 0; n < arity; n++)
                        {
                            if (n > 0)
                            {
                                Emit(ref output, ref last, ",", Spacing.Other);
                            }

                            Emit(ref output, ref last, "?", Spacing.Other);
                        }

                        Emit(ref output, ref last, ")", Spacing.Other);
                        i = end;
                        continue;
                    }
                }
            }

            WriteToken(sql, token, ref output, ref last);
            i++;
        }
    }

    private static void WriteToken(ReadOnlySpan<char> sql, SqlToken token, ref CharBuffer output, ref Spacing last)
    {
        switch (token.Kind)
        {
            case SqlTokenKind.String:
            case SqlTokenKind.Number:
            case SqlTokenKind.Parameter:
                Emit(ref output, ref last, '?', Spacing.Other);
                break;
            case SqlTokenKind.LeftParen:
                Emit(ref output, ref last, '(', Spacing.Open);
                break;
            case SqlTokenKind.RightParen:
                Emit(ref output, ref last, ')', Spacing.Other);
                break;
            case SqlTokenKind.Comma:
                Emit(ref output, ref last, ',', Spacing.Other);
                break;
            case SqlTokenKind.Dot:
                Emit(ref output, ref last, '.', Spacing.Glue);
                break;
            case SqlTokenKind.Word:
                Space(ref output, last);
                AppendLower(ref output, token.Text(sql));
                last = Spacing.Other;
                break;
            case SqlTokenKind.QuotedIdentifier:
                Space(ref output, last);
                if (token.HasEscapes || token.Text(sql).Contains('\0'))
                {
                    AppendLower(ref output, token.Text(sql), token.HasEscapes ? ClosingQuote(sql, token) : '\0');
                }
                else
                {
                    AppendLower(ref output, token.Text(sql));
                }

                last = Spacing.Other;
                break;
            case SqlTokenKind.Operator:
                var text = token.Text(sql);
                Emit(ref output, ref last, text, text is "::" ? Spacing.Glue : Spacing.Other);
                break;
            default:
                Emit(ref output, ref last, token.Text(sql), Spacing.Other);
                break;
        }
    }

    private static void Emit(ref CharBuffer output, ref Spacing last, ReadOnlySpan<char> text, Spacing kind)
    {
        var glueBefore = kind == Spacing.Glue || text is ")" or ",";
        if (output.Length > 0 && !glueBefore && last is not (Spacing.Open or Spacing.Glue))
        {
            output.Append(' ');
        }

        output.Append(text);
        last = kind;
    }

    private static void Emit(ref CharBuffer output, ref Spacing last, char c, Spacing kind)
    {
        var glueBefore = kind == Spacing.Glue || c is ')' or ',';
        if (output.Length > 0 && !glueBefore && last is not (Spacing.Open or Spacing.Glue))
        {
            output.Append(' ');
        }

        output.Append(c);
        last = kind;
    }

    private static void Space(ref CharBuffer output, Spacing last)
    {
        if (output.Length > 0 && last is not (Spacing.Open or Spacing.Glue))
        {
            output.Append(' ');
        }
    }

    private static void AppendLower(ref CharBuffer output, ReadOnlySpan<char> text)
    {
        var destination = output.GetSpan(text.Length);
        if (Ascii.ToLower(text, destination, out var written) != OperationStatus.Done)
        {
            // Beyond ASCII: char by char (surrogate pairs stay as they are).
            for (var i = 0; i < text.Length; i++)
            {
                destination[i] = char.ToLowerInvariant(text[i]);
            }

            written = text.Length;
        }

        output.Advance(written);
    }

    private static void AppendLower(ref CharBuffer output, ReadOnlySpan<char> text, char escape)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            output.Append(char.ToLowerInvariant(c));
            if (c == escape && i + 1 < text.Length && text[i + 1] == escape)
            {
                i++;
            }
        }
    }

    internal static char ClosingQuote(ReadOnlySpan<char> sql, SqlToken token) =>
        token.Start > 0 && sql[token.Start - 1] == '[' ? ']' : token.Start > 0 ? sql[token.Start - 1] : '"';

    /// <summary>
    /// When <paramref name="open"/> starts <c>(value, value, …)</c>, returns the index of its closing
    /// parenthesis and the number of values; otherwise -1.
    /// </summary>
    private static int MatchValueRow(ReadOnlySpan<SqlToken> tokens, int open, out int arity)
    {
        arity = 0;
        if (open >= tokens.Length || tokens[open].Kind != SqlTokenKind.LeftParen)
        {
            return -1;
        }

        var i = open + 1;
        while (i < tokens.Length && tokens[i].IsValue)
        {
            arity++;
            i++;
            if (i < tokens.Length && tokens[i].Kind == SqlTokenKind.RightParen)
            {
                return i;
            }

            if (i >= tokens.Length || tokens[i].Kind != SqlTokenKind.Comma)
            {
                return -1;
            }

            i++;
        }

        return -1;
    }

    /// <summary>Matches one or more comma-separated value rows; returns the index after the last row, or -1.</summary>
    private static int MatchValueRows(ReadOnlySpan<SqlToken> tokens, int open, out int arity)
    {
        var close = MatchValueRow(tokens, open, out arity);
        if (close < 0)
        {
            return -1;
        }

        var end = close + 1;
        while (end + 1 < tokens.Length && tokens[end].Kind == SqlTokenKind.Comma)
        {
            var next = MatchValueRow(tokens, end + 1, out _);
            if (next < 0)
            {
                return tokens[end + 1].Kind == SqlTokenKind.LeftParen ? -1 : end;
            }

            end = next + 1;
        }

        return end;
    }
}
