using System.Globalization;

namespace QueryDoctor.Reporting;

/// <summary>
/// A source file and line read out of a call site's text, for reports that link to code (SARIF).
/// Understands the shapes capture and users write: <c>CalendarService.cs:42</c>,
/// <c>Method (src/CalendarService.cs:42)</c> and .NET's <c>in /src/CalendarService.cs:line 42</c>.
/// </summary>
/// <param name="File">The file path as written, with forward slashes.</param>
/// <param name="Line">The 1-based line.</param>
internal sealed record CallSiteLocation(string File, int Line)
{
    /// <summary>Reads a file and line from a call site's text.</summary>
    /// <param name="text">The call site text.</param>
    /// <param name="location">The location, when one was found.</param>
    /// <returns>Whether the text names a file and a line.</returns>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CallSiteLocation? location)
    {
        location = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (!TrySplitLine(text, out var head, out var line))
        {
            return false;
        }

        // The file starts after " in " (.NET stack frames), "(" (Method (File.cs:42)) or else the last space.
        var afterIn = head.LastIndexOf(" in ", StringComparison.Ordinal);
        var afterParen = head.LastIndexOf('(');
        var fileStart = afterIn >= 0 || afterParen >= 0
            ? Math.Max(afterIn >= 0 ? afterIn + 4 : 0, afterParen + 1)
            : IsRooted(head) ? 0 : head.LastIndexOf(' ') + 1;
        var file = head[fileStart..].Trim();
        if (file.IsEmpty || !file.Contains('.'))
        {
            return false;
        }

        location = new CallSiteLocation(file.ToString().Replace('\\', '/'), line);
        return true;
    }

    /// <summary>
    /// Splits a call site's text at its line number: <c>Load (src/A.cs:42)</c> gives <c>Load (src/A.cs</c> and 42,
    /// <c>Load in /src/A.cs:line 42</c> gives <c>Load in /src/A.cs</c> and 42.
    /// </summary>
    /// <param name="text">The call site text.</param>
    /// <param name="head">The text before the <c>:42</c> or <c>:line 42</c>, trimmed, without a closing parenthesis.</param>
    /// <param name="line">The 1-based line.</param>
    /// <returns>Whether the text ends with a line number.</returns>
    internal static bool TrySplitLine(string text, out ReadOnlySpan<char> head, out int line)
    {
        head = default;
        line = 0;
        var span = text.AsSpan().Trim();
        if (span.EndsWith(")"))
        {
            span = span[..^1];
        }

        // The line number is the trailing run of digits.
        var end = span.Length;
        var start = end;
        while (start > 0 && char.IsAsciiDigit(span[start - 1]))
        {
            start--;
        }

        if (start == end || !int.TryParse(span[start..end], NumberStyles.None, CultureInfo.InvariantCulture, out line) || line <= 0)
        {
            return false;
        }

        head = span[..start];
        if (head.EndsWith(":line ", StringComparison.Ordinal))
        {
            head = head[..^":line ".Length];
        }
        else if (head.EndsWith(":"))
        {
            head = head[..^1];
        }
        else
        {
            return false;
        }

        return true;
    }

    private static bool IsRooted(ReadOnlySpan<char> text) =>
        text.StartsWith("/") || (text.Length > 2 && char.IsAsciiLetter(text[0]) && text[1] == ':' && text[2] is '/' or '\\');
}
