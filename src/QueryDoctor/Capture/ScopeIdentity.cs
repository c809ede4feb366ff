using System.Globalization;
using System.Security.Cryptography;

namespace QueryDoctor.Capture;

/// <summary>
/// A live scope instance's id, shared by its <see cref="QueryDoctorScope"/>, its recordings and its snapshot: 32 hex
/// digits, written out only when something reads it (the event log, a report), so a request nobody looks at never
/// formats one. Read through <see cref="Text"/>: every reader gets the same id.
/// </summary>
/// <remarks>
/// Unique without a random draw per scope (<see cref="Guid.NewGuid"/> is a system call on Linux, about a microsecond
/// of every request): the first 16 digits are drawn once per process, the last 16 are the process's scope counter
/// through a bijection (an odd multiplier and a key, both per process), so ids never repeat within a process, do not
/// show how many requests it served, and two processes' ids collide only if their 64-bit draws do.
/// </remarks>
internal sealed class ScopeIdentity
{
    private static readonly ulong ProcessPart = NextRandom();
    private static readonly ulong CounterKey = NextRandom();
    private static readonly ulong CounterMultiplier = NextRandom() | 1;
    private static long _counter;

    private readonly ulong _sequence;
    private string? _text;

    /// <summary>A new unique id.</summary>
    public ScopeIdentity()
    {
        _sequence = (ulong)Interlocked.Increment(ref _counter);
    }

    /// <summary>An id given as text (an <see cref="System.Diagnostics.Activity"/>'s trace and span id).</summary>
    public ScopeIdentity(string text)
    {
        _text = text;
    }

    /// <summary>The id, written on first use.</summary>
    public string Text => _text ??= string.Create(CultureInfo.InvariantCulture, $"{ProcessPart:x16}{(_sequence * CounterMultiplier) ^ CounterKey:x16}");

    /// <summary>The id behind a field that holds either the id's text or a <see cref="ScopeIdentity"/>.</summary>
    public static string? TextOf(object? id) => id as string ?? (id as ScopeIdentity)?.Text;

    private static ulong NextRandom() => BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
}
