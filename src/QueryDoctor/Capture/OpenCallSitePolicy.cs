namespace QueryDoctor.Capture;

/// <summary>
/// Whether an asynchronous connection open should walk the stack. The walk is only useful when the open yields (the
/// user's frames are then gone from the command hooks), which in-memory and file SQLite opens never do and pooled
/// PostgreSQL opens rarely do, so it is not taken on every open: only for the first <see cref="WalksAfterYield"/>
/// asynchronous opens of a capture, and again for that many after any command that needed a walk found no user
/// frame on its stack. One capture usually serves one database, whose opens behave alike.
/// </summary>
/// <remarks>
/// A policy given a <see cref="Gate"/> counts itself there while it has walks left, so a source that pays to hear of
/// opens (EF Core builds event data for each) can ask <see cref="Gate.IsOpen"/> first, process-wide and without
/// knowing the captures.
/// </remarks>
internal sealed class OpenCallSitePolicy
{
    /// <summary>Asynchronous opens walked after a capture starts or a command lost its user frame.</summary>
    internal const int WalksAfterYield = 64;

    private readonly Gate? _gate;
    private readonly Lock _lock = new();
    private int _walksLeft;
    private bool _retired;

    /// <summary>A policy with <see cref="WalksAfterYield"/> walks left (none when <paramref name="walking"/> is false).</summary>
    /// <param name="gate">Where the policy counts itself while it has walks left, if anywhere.</param>
    /// <param name="walking">Whether it starts with walks (a capture without call sites never walks).</param>
    public OpenCallSitePolicy(Gate? gate = null, bool walking = true)
    {
        _gate = gate;
        if (walking)
        {
            _walksLeft = WalksAfterYield;
            _gate?.Enter();
        }
    }

    /// <summary>Whether this open should walk (consumes one of the walks left).</summary>
    public bool ShouldWalk()
    {
        if (Volatile.Read(ref _walksLeft) <= 0)
        {
            return false;
        }

        var left = Interlocked.Decrement(ref _walksLeft);
        if (left == 0)
        {
            // The last walk of this period: the gate closes unless another policy holds it open.
            _gate?.Leave();
        }

        return left >= 0;
    }

    /// <summary>A command that needed a walk found no user frame: opens are yielding, walk them again.</summary>
    public void Yielded()
    {
        lock (_lock)
        {
            if (!_retired && Interlocked.Exchange(ref _walksLeft, WalksAfterYield) <= 0)
            {
                _gate?.Enter();
            }
        }
    }

    /// <summary>The capture is done: its walks left no longer hold the gate open.</summary>
    public void Retire()
    {
        lock (_lock)
        {
            if (!_retired && Interlocked.Exchange(ref _walksLeft, 0) > 0)
            {
                _gate?.Leave();
            }

            _retired = true;
        }
    }

    /// <summary>How many policies have walks left: a source asks <see cref="IsOpen"/> before paying for an open's notice.</summary>
    internal sealed class Gate
    {
        private int _policies;

        /// <summary>Whether some policy counted here has walks left.</summary>
        public bool IsOpen => Volatile.Read(ref _policies) > 0;

        internal void Enter() => Interlocked.Increment(ref _policies);

        internal void Leave() => Interlocked.Decrement(ref _policies);
    }
}
