namespace QueryDoctor.Testing;

/// <summary>One expectation. Returns <see langword="null"/> when met, else the failure: a first line and detail lines.</summary>
internal abstract class QueryCheck
{
    /// <summary>Whether the check needs the database (then the synchronous paths run it off the caller's context).</summary>
    public virtual bool IsAsync => false;

    public abstract ValueTask<string?> CheckAsync(CheckContext context, CancellationToken cancellationToken);
}
