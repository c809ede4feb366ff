namespace QueryDoctor.Capture;

/// <summary>
/// A block of code known to repeat statements on purpose (<see cref="QueryDoctorScope.Suppress(string, string[])"/>):
/// findings of its rules about statements issued only inside it are suppressed, with its reason.
/// </summary>
internal sealed class SuppressionBlock : IDisposable
{
    private static readonly AsyncLocal<SuppressionBlock?> CurrentBlock = new();
    private bool _disposed;

    private SuppressionBlock(string reason, IReadOnlyList<string> rules, SuppressionBlock? parent)
    {
        Reason = reason;
        Rules = rules;
        Parent = parent;
    }

    /// <summary>The innermost block that has not ended in the current async flow, or <see langword="null"/>.</summary>
    public static SuppressionBlock? Current
    {
        get
        {
            var block = CurrentBlock.Value;
            while (block is { _disposed: true })
            {
                block = block.Parent;
            }

            return block;
        }
    }

    public string Reason { get; }

    /// <summary>The rule ids suppressed; empty for every rule.</summary>
    public IReadOnlyList<string> Rules { get; }

    public SuppressionBlock? Parent { get; }

    /// <summary>How a suppressed finding says what suppressed it.</summary>
    public string Description => "QueryDoctorScope.Suppress (" + Reason + ")";

    public static SuppressionBlock Begin(string reason, IReadOnlyList<string> rules)
    {
        var block = new SuppressionBlock(reason, rules, Current);
        CurrentBlock.Value = block;
        return block;
    }

    /// <summary>Whether this block, or one it is nested in, suppresses the rule.</summary>
    public bool Covers(string rule)
    {
        for (var block = this; block is not null; block = block.Parent)
        {
            if (block.Rules.Count == 0 || block.Rules.Contains(rule, StringComparer.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    public void Dispose()
    {
        _disposed = true;
        if (ReferenceEquals(CurrentBlock.Value, this))
        {
            CurrentBlock.Value = Parent;
        }
    }
}
