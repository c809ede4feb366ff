using System.Collections;
using System.Globalization;
using QueryDoctor.Sql;

namespace QueryDoctor;

/// <summary>Hashes parameter values so identical values can be told without keeping them.</summary>
internal static class ParameterValues
{
    /// <summary>The hash of no parameters.</summary>
    public static readonly ulong EmptyHash = Hash([]);

    /// <summary>The same hash as <see cref="Hash(IReadOnlyList{QueryParameter})"/>, read from the command without copying the values.</summary>
    public static ulong Hash(System.Data.Common.DbParameterCollection parameters)
    {
        var hash = Fnv64.OffsetBasis;
        for (var i = 0; i < parameters.Count; i++)
        {
            hash = Append(hash, parameters[i].Value);
        }

        return hash;
    }

    public static ulong Hash(IReadOnlyList<QueryParameter> parameters)
    {
        // Indexed: a foreach over the interface would allocate an enumerator per command.
        var hash = Fnv64.OffsetBasis;
        for (var i = 0; i < parameters.Count; i++)
        {
            hash = Append(hash, parameters[i].Value);
        }

        return hash;
    }

    private static ulong Append(ulong hash, object? value)
    {
        switch (value)
        {
            case null or DBNull:
                return Fnv64.Append(hash, (byte)0);
            case string s:
                return Fnv64.Append(Fnv64.Append(hash, (byte)1), s.AsSpan());
            case bool b:
                return Fnv64.Append(Fnv64.Append(hash, (byte)2), b ? (byte)1 : (byte)0);
            case byte[] bytes:
                return Fnv64.Append(Fnv64.Append(hash, (byte)3), bytes);
            case IEnumerable items:
                hash = Fnv64.Append(hash, (byte)4);
                foreach (var item in items)
                {
                    hash = Append(hash, item);
                }

                return Fnv64.Append(hash, (byte)5);
            case IFormattable formattable:
                return Fnv64.Append(
                    Fnv64.Append(hash, (byte)6),
                    formattable.ToString(null, CultureInfo.InvariantCulture).AsSpan());
            default:
                return Fnv64.Append(Fnv64.Append(hash, (byte)7), (value.ToString() ?? "").AsSpan());
        }
    }
}
