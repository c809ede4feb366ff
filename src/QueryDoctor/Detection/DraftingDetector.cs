namespace QueryDoctor.Detection;

/// <summary>
/// A built-in rule: it drafts its findings with their texts unwritten (see <see cref="FindingDraft"/>), so the
/// streaming analyzer writes a message and a suggestion only for the findings it keeps; <see cref="Detect"/> writes
/// them all, for callers that want finished findings.
/// </summary>
internal abstract class DraftingDetector : IScopeDetector
{
    /// <summary>Adds the scope's findings to <paramref name="drafts"/>, texts unwritten.</summary>
    /// <param name="context">The scope and the options in force.</param>
    /// <param name="drafts">Where to add them.</param>
    public abstract void Draft(ScopeDetectionContext context, List<FindingDraft> drafts);

    /// <inheritdoc />
    public IEnumerable<Finding> Detect(ScopeDetectionContext context)
    {
        var drafts = new List<FindingDraft>();
        Draft(context, drafts);
        return drafts.ConvertAll(d => d.Complete());
    }
}
