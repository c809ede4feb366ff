namespace QueryDoctor.Otlp;

/// <summary>Trace and span ids as the assembly keys them: lower-case hex.</summary>
internal static class OtlpIds
{
    /// <summary>The id as lower-case hex, or <see langword="null"/> when the text is not exactly that many bytes of hex.</summary>
    public static string? Hex(string text, int bytes)
    {
        if (text.Length != bytes * 2)
        {
            return null;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return null;
            }
        }

        return text.ToLowerInvariant();
    }

    /// <summary>Raw id bytes as lower-case hex, or <see langword="null"/> when the length is wrong.</summary>
    public static string? Hex(ReadOnlySpan<byte> raw, int bytes) =>
        raw.Length == bytes ? Convert.ToHexStringLower(raw) : null;
}
