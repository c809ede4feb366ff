using System.Globalization;
using System.Text;

namespace QueryDoctor.Cli;

/// <summary>
/// Makes text that came from input (scope names, SQL, call sites, table names, file names) harmless on a
/// terminal: control characters (C0, DEL, C1: ESC, BEL, …) and bidirectional overrides would otherwise clear the
/// screen, set the title or reorder what is shown. They are written as visible escapes (<c>\x1B</c>,
/// <c>\u202E</c>); tabs and line breaks become spaces so one item stays on one line.
/// </summary>
internal static class ConsoleText
{
    public static string Safe(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }

        var first = 0;
        while (first < text.Length && !NeedsEscape(text[first]))
        {
            first++;
        }

        if (first == text.Length)
        {
            return text;
        }

        var safe = new StringBuilder(text.Length + 8).Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (!NeedsEscape(c))
            {
                safe.Append(c);
            }
            else if (c is '\t' or '\n' or '\r')
            {
                safe.Append(' ');
            }
            else if (c < 0x100)
            {
                safe.Append("\\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                safe.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
        }

        return safe.ToString();
    }

    private static bool NeedsEscape(char c) =>
        c < 0x20 || c is >= '\u007f' and <= '\u009f'
        || c is '\u061c' or '\u200e' or '\u200f' or (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069');
}
