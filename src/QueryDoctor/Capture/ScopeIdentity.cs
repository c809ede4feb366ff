namespace QueryDoctor.Capture;

/// <summary>
/// A live scope instance's id, shared by its <see cref="QueryDoctorScope"/>, its recordings and its snapshot: a new id
/// is written out (32 hex digits of a <see cref="Guid"/>) only when something reads it (the event log, a report), so a
/// request nobody looks at never formats one. Read through <see cref="Text"/>: every reader gets the same id.
/// </summary>
internal sealed class ScopeIdentity
{
    private readonly Guid _guid;
    private string? _text;

    /// <summary>A new unique id.</summary>
    public ScopeIdentity()
    {
        _guid = Guid.NewGuid();
    }

    /// <summary>An id given as text (an <see cref="System.Diagnostics.Activity"/>'s trace and span id).</summary>
    public ScopeIdentity(string text)
    {
        _text = text;
    }

    /// <summary>The id, written on first use.</summary>
    public string Text => _text ??= _guid.ToString("N");

    /// <summary>The id behind a field that holds either the id's text or a <see cref="ScopeIdentity"/>.</summary>
    public static string? TextOf(object? id) => id as string ?? (id as ScopeIdentity)?.Text;
}
