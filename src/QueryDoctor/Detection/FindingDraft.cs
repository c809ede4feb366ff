namespace QueryDoctor.Detection;

/// <summary>
/// A finding whose texts (message, suggestion, filter columns) are written only when asked for. The streaming
/// analyzer reports one finding per scope name, rule, shape and call site, so it needs the texts of an aggregate's
/// representative only, not of each of the thousands of instances the finding fires in. <see cref="Facts"/> is the
/// finding without those texts: everything aggregation, suppression and ordering look at. <see cref="Complete"/>
/// is the finding the rule reports, the same one it would have built at once.
/// </summary>
internal readonly struct FindingDraft
{
    private readonly Func<Finding, object?, Finding>? _write;
    private readonly object? _state;

    /// <summary>A draft whose texts <paramref name="write"/> adds to <paramref name="facts"/> (with <paramref name="state"/>); a finished finding when <paramref name="write"/> is <see langword="null"/>.</summary>
    public FindingDraft(Finding facts, Func<Finding, object?, Finding>? write = null, object? state = null)
    {
        Facts = facts;
        _write = write;
        _state = state;
    }

    /// <summary>The finding without its texts (its message empty): rule, scope, shape, call sites, counts.</summary>
    public Finding Facts { get; }

    /// <summary>Writes the texts: the finished finding (a new one on each call when texts are written).</summary>
    public Finding Complete() => _write is null ? Facts : _write(Facts, _state);
}
