using CsCheck;
using QueryDoctor.Sql;

namespace QueryDoctor.Tests.Sql;

/// <summary>
/// Properties of the fingerprint over generated statements (CsCheck, seeded; shrinks a failure to a small
/// example): normalising is idempotent; keyword case, whitespace and comments never change the fingerprint;
/// every list style collapses whatever its length and values. A longer run: <c>CsCheck_Iter=1000000</c> or
/// <c>CsCheck_Time=600</c> in the environment (see docs/testing.md).
/// </summary>
public sealed class SqlFingerprintCsCheckTests
{
    private const long Iterations = 2_000;

    private static readonly string[] Keywords = ["SELECT", "FROM", "WHERE", "AND", "OR", "IN", "ORDER", "BY", "LIMIT", "AS", "ANY", "ARRAY"];

    private static readonly Gen<string> Name = Gen.OneOf("id", "blog_id", "Title", "created_at", "user_id", "status", "t", "posts", "Votes");

    private static readonly Gen<string> Value = Gen.OneOf(
        Gen.Int[-1_000_000, 1_000_000].Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Double[-1e6, 1e6].Select(d => d.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)),
        Gen.String[Gen.Char.AlphaNumeric, 0, 12].Select(s => "'" + s + "'"),
        Gen.Int[0, 20].Select(n => "@p" + n),
        Gen.Int[1, 20].Select(n => "$" + n),
        Gen.Const("?"),
        Gen.Int[0, 9].Select(n => ":v" + n));

    /// <summary>Statements in a small grammar: a select list, a table, predicates with values and lists.</summary>
    private static readonly Gen<string> Statement =
        Gen.Select(
            Name.Array[1, 4],
            Name,
            Gen.OneOf(
                Gen.Select(Name, Value).Select((c, v) => $"{c} = {v}"),
                Gen.Select(Name, Value).Select((c, v) => $"{c} > {v}"),
                Gen.Select(Name, Value.Array[1, 30]).Select((c, vs) => $"{c} IN ({string.Join(", ", vs)})"),
                Gen.Select(Name, Value.Array[1, 30]).Select((c, vs) => $"{c} = ANY(ARRAY[{string.Join(", ", vs)}])"),
                Gen.Select(Name, Name, Gen.Select(Value, Value).Array[1, 10])
                    .Select((a, b, rows) => $"({a}, {b}) IN ({string.Join(", ", rows.Select(r => $"({r.Item1}, {r.Item2})"))})"))
                .Array[0, 4],
            Gen.Int[0, 2])
        .Select((columns, table, predicates, tail) =>
            $"SELECT {string.Join(", ", columns)} FROM {table}" +
            (predicates.Length == 0 ? "" : " WHERE " + string.Join(" AND ", predicates)) +
            (tail == 1 ? " ORDER BY id LIMIT 10" : tail == 2 ? " ORDER BY created_at DESC" : ""));

    [Fact]
    public void Fingerprint_OfItsOwnText_IsTheSame()
    {
        Statement.Sample(
            sql =>
            {
                var once = Fingerprint(sql);
                var twice = Fingerprint(once.Text);
                Assert.Equal(once.Text, twice.Text);
                Assert.Equal(once.Hash, twice.Hash);
            },
            iter: Iterations,
            seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void Fingerprint_CaseWhitespaceAndComments_DoNotMatter()
    {
        Gen.Select(Statement, Gen.Int.Array[64], Gen.Bool.Array[64]).Sample(
            (sql, layout, upper) =>
            {
                var variant = Relayout(sql, layout, upper);
                Assert.Equal(Fingerprint(sql).Text, Fingerprint(variant).Text);
            },
            iter: Iterations,
            seed: "0ZQ3nT5oTgK1");
    }

    [Fact]
    public void Fingerprint_InListsOfAnyLengthAndValues_Collapse()
    {
        var expected = Fingerprint("SELECT id FROM t WHERE a IN (?) AND (b, c) IN ((?, ?)) AND d = ANY(ARRAY[?])");
        Gen.Select(Value.Array[1, 300], Gen.Select(Value, Value).Array[1, 100], Value.Array[1, 300]).Sample(
            (list, rows, array) =>
            {
                var sql = $"SELECT id FROM t WHERE a IN ({string.Join(", ", list)}) " +
                          $"AND (b, c) IN ({string.Join(", ", rows.Select(r => $"({r.Item1}, {r.Item2})"))}) " +
                          $"AND d = ANY(ARRAY[{string.Join(",", array)}])";
                Assert.Equal(expected, Fingerprint(sql));
            },
            iter: Iterations / 4,
            seed: "03jx7dEqwUk2");
    }

    private static SqlFingerprint Fingerprint(string sql) => new SqlFingerprinter(capacity: 0).Analyze(sql).Fingerprint;

    /// <summary>Rewrites the layout between tokens (spaces, tabs, newlines, comments) and the case of keywords.</summary>
    private static string Relayout(string sql, int[] layout, bool[] upper)
    {
        var text = new System.Text.StringBuilder();
        var n = 0;
        foreach (var word in sql.Split(' '))
        {
            var choice = layout[n % layout.Length];
            var flip = upper[n % upper.Length];
            n++;
            text.Append(Array.Exists(Keywords, k => k == word) ? (flip ? word.ToLowerInvariant() : word) : word);
            text.Append((choice & 7) switch
            {
                0 => " ",
                1 => "\t",
                2 => "\n  ",
                3 => " /* c */ ",
                4 => " -- note\n",
                5 => "  \r\n",
                _ => "   ",
            });
        }

        return text.ToString();
    }
}
