namespace QueryDoctor.Detection;

/// <summary>
/// A built-in rule that can leave its findings' texts unwritten (see <see cref="FindingDraft"/>): the rules that fire
/// in many instances of a scope (<c>n-plus-one</c>, <c>duplicate-query</c>).
/// </summary>
internal interface IFindingDrafter
{
    /// <summary>Adds the scope's findings to <paramref name="drafts"/>, texts unwritten.</summary>
    void Draft(ScopeDetectionContext context, List<FindingDraft> drafts);
}
