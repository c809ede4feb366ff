namespace QueryDoctor;

/// <summary>
/// The place in user code that issued a command: the first stack frame outside QueryDoctor, EF Core,
/// the ADO.NET provider and the base class library. Two call sites are the same location when their
/// <see cref="Text"/> is equal.
/// </summary>
public sealed record CallSite
{
    /// <summary>The one call site that stands for every event whose location is not known.</summary>
    public static CallSite Unknown { get; } = new() { Text = "" };

    /// <summary>The location as text, e.g. <c>Blog.Web.BlogsController.Index (BlogsController.cs:25)</c>.</summary>
    public required string Text { get; init; }

    /// <summary>The method, when known (e.g. <c>Blog.Web.BlogsController.Index</c>).</summary>
    public string? Method { get; init; }

    /// <summary>The source file, when symbols were available.</summary>
    public string? File { get; init; }

    /// <summary>The line in <see cref="File"/>, when symbols were available.</summary>
    public int? Line { get; init; }

    /// <summary>
    /// The user frames that called this one, innermost first (at most two), e.g. the loop that calls a shared repository
    /// method; <see langword="null"/> when none were on the stack. Not part of the location's identity.
    /// </summary>
    public IReadOnlyList<string>? Callers { get; init; }

    /// <summary>Whether this is <see cref="Unknown"/>.</summary>
    public bool IsUnknown => Text.Length == 0;

    /// <summary>Makes a call site from its text; empty or missing text gives <see cref="Unknown"/>.</summary>
    /// <param name="text">The location as text.</param>
    /// <returns>The call site.</returns>
    public static CallSite FromText(string? text) =>
        string.IsNullOrWhiteSpace(text) ? Unknown : new CallSite { Text = text };

    /// <summary>Equal when the texts are equal: the text is the location's identity.</summary>
    /// <param name="other">The other call site.</param>
    /// <returns>Whether both name the same location.</returns>
    public bool Equals(CallSite? other) => other is not null && string.Equals(Text, other.Text, StringComparison.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);

    /// <inheritdoc />
    public override string ToString() => IsUnknown ? "(unknown)" : Text;
}
