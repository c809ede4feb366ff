namespace QueryDoctor.Advisor;

/// <summary>How the index advisor chooses: the budget and the gates that keep useless indexes out.</summary>
public sealed class IndexAdvisorOptions
{
    /// <summary>The most indexes to recommend (<c>--max-indexes</c>); the ones that serve the most time win. Default 5.</summary>
    public int MaxIndexes { get; set; } = 5;

    /// <summary>Tables with fewer rows are never indexed: a scan of a tiny table is as fast as a search. Default 1000.</summary>
    public long MinTableRows { get; set; } = 1000;

    /// <summary>
    /// An equality-only candidate whose key matches more than this share of the table's rows on average
    /// (e.g. a boolean with half the rows true) is dropped: the planner would scan anyway. Default 0.1.
    /// </summary>
    public double MaxRowsPerKeyShare { get; set; } = 0.1;

    /// <summary>Rows sampled to estimate how selective a key is. Default 100,000.</summary>
    public int SelectivitySampleRows { get; set; } = 100_000;

    /// <summary>
    /// The connection is a scratch copy of the database (a staging clone, a restored backup), never the server the
    /// workload came from: on PostgreSQL candidates are then built as real indexes, planned against and dropped,
    /// instead of HypoPG's hypothetical ones. Default <see langword="false"/>.
    /// </summary>
    public bool ScratchCopy { get; set; }

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxIndexes, 1, nameof(MaxIndexes));
        ArgumentOutOfRangeException.ThrowIfNegative(MinTableRows, nameof(MinTableRows));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxRowsPerKeyShare, nameof(MaxRowsPerKeyShare));
        ArgumentOutOfRangeException.ThrowIfLessThan(SelectivitySampleRows, 100, nameof(SelectivitySampleRows));
    }
}
