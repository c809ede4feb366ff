namespace QueryDoctor.Capture;

/// <summary>
/// Whether an asynchronous connection open should walk the stack. The walk is only useful when the open yields (the
/// user's frames are then gone from the command hooks), which in-memory and file SQLite opens never do and pooled
/// PostgreSQL opens rarely do, so it is not taken on every open: only for the first <see cref="WalksAfterYield"/>
/// asynchronous opens of a capture, and again for that many after any command that needed a walk found no user
/// frame on its stack. One capture usually serves one database, whose opens behave alike.
/// </summary>
internal sealed class OpenCallSitePolicy
{
    /// <summary>Asynchronous opens walked after a capture starts or a command lost its user frame.</summary>
    internal const int WalksAfterYield = 64;

    private int _walksLeft = WalksAfterYield;

    /// <summary>Whether this open should walk (consumes one of the walks left).</summary>
    public bool ShouldWalk() => Volatile.Read(ref _walksLeft) > 0 && Interlocked.Decrement(ref _walksLeft) >= 0;

    /// <summary>A command that needed a walk found no user frame: opens are yielding, walk them again.</summary>
    public void Yielded() => Volatile.Write(ref _walksLeft, WalksAfterYield);
}
