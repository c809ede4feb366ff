namespace QueryDoctor.Inspection;

/// <summary>
/// An inspector that can make candidate indexes visible to its planner (<see cref="WhatIfIndexes"/>). Each database's
/// inspector implements it in its own folder, so the index advisor needs no per-database branch.
/// </summary>
internal interface IWhatIfIndexSource
{
    /// <summary>Starts a what-if session on the inspector's connection (opened first if closed).</summary>
    /// <param name="scratchCopy">The connection is a scratch copy the user named as one: candidates may be built as real indexes there.</param>
    /// <param name="cancellationToken">Cancels the set-up.</param>
    /// <returns>The session; disposing it removes every candidate.</returns>
    /// <exception cref="NotSupportedException">The database cannot make candidates visible (PostgreSQL without HypoPG).</exception>
    Task<WhatIfIndexes> StartWhatIfAsync(bool scratchCopy, CancellationToken cancellationToken);
}
