using System.Security.Cryptography;
using QueryDoctor.Sql;

namespace QueryDoctor.EventLog;

/// <summary>
/// The <c>valuesHash</c> the live capture writes to the event log when values are private: a keyed hash
/// (<see cref="SipHash24"/>) of the statement's values key (its parameter values and inlined literals), under a
/// random key made once per process and never written anywhere. Equal values in one process give equal hashes,
/// so <c>analyze</c> of the log tells duplicates exactly as the live capture did; without the key nobody can test
/// a guess (a plain hash of a boolean or a small id could be reversed by hashing every candidate). The price:
/// hashes from different processes (or runs) cannot be compared. Nothing compares them: values are only ever
/// compared within one scope instance, and an instance never spans processes. One key for the whole process, not
/// per capture, because captures writing one file may record the same instance.
/// </summary>
internal static class PrivateValuesHash
{
    private static readonly ulong K0 = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
    private static readonly ulong K1 = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));

    /// <summary>The hash written for a values key.</summary>
    public static ulong Of(ulong valuesKey) => SipHash24.Hash(K0, K1, valuesKey);

    /// <summary>Writes a hash as 16 lower-case hex digits.</summary>
    public static void Format(ulong hash, Span<char> destination)
    {
        hash.TryFormat(destination, out _, "x16", System.Globalization.CultureInfo.InvariantCulture);
    }
}
