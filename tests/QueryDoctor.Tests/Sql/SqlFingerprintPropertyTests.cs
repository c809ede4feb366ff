using System.Text;
using QueryDoctor.Sql;

namespace QueryDoctor.Tests.Sql;

/// <summary>
/// Generates statements from a small grammar and renders each twice with different values,
/// parameter styles, IN-list lengths, layout, comments, keyword case and identifier quoting.
/// </summary>
public sealed class SqlFingerprintPropertyTests
{
    private const int Cases = 3000;

    private static readonly string[] Tables = ["posts", "blogs", "comments", "users", "votes", "projects", "Order_Items"];
    private static readonly string[] Columns = ["id", "blog_id", "title", "created_at", "user_id", "status", "Score"];
    private static readonly string[] Comparisons = ["=", "<", ">", "<=", ">=", "<>"];

    [Fact]
    public void Fingerprint_RenderingVariants_AreEqual()
    {
        var random = new Random(20_240_601);
        for (var n = 0; n < Cases; n++)
        {
            var statement = Generate(random);
            var left = Render(statement, random);
            var right = Render(statement, random);
            var a = new SqlFingerprinter().Analyze(left).Fingerprint;
            var b = new SqlFingerprinter().Analyze(right.AsSpan()).Fingerprint;
            Assert.True(a.Equals(b), $"case {n}:\n{left}\n{right}\n{a.Text}\n{b.Text}");
            Assert.True(statement.Kind == a.Kind, $"case {n}: {statement.Kind} != {a.Kind}\n{left}\n{a.Text}");
            Assert.Equal(statement.Table, a.MainTable, StringComparer.OrdinalIgnoreCase);
            var a2 = new SqlFingerprinter().Analyze(right).Fingerprint;
            Assert.True(
                a.EqualityColumns.Count == a2.EqualityColumns.Count && a.RangeColumns.Count == a2.RangeColumns.Count && a.OrderBy.Count == a2.OrderBy.Count,
                $"case {n}:\n{left}\n{right}\n[{string.Join(",", a.EqualityColumns)}] [{string.Join(",", a2.EqualityColumns)}] [{string.Join(",", a.RangeColumns)}] [{string.Join(",", a2.RangeColumns)}]");
            Assert.Equal(a.HasRowLimit, b.HasRowLimit);
            Assert.Equal(a.HasOffset, b.HasOffset);
        }
    }

    [Fact]
    public void Fingerprint_RenamedTableOrColumn_Differs()
    {
        var random = new Random(7_771);
        for (var n = 0; n < Cases; n++)
        {
            var statement = Generate(random);
            var mutated = Mutate(statement, random);
            var left = Render(statement, random);
            var right = Render(mutated, random);
            var a = new SqlFingerprinter().Analyze(left).Fingerprint;
            var b = new SqlFingerprinter().Analyze(right).Fingerprint;
            Assert.False(a.Equals(b), $"case {n}:\n{left}\n{right}\n{a.Text}");
            Assert.NotEqual(a.Hash, b.Hash);
        }
    }

    [Fact]
    public void Analyze_RandomGarbage_NeverThrows()
    {
        const string alphabet = "selctfromwhrinSELCT \t\n'\"`[]()$@:?;,.-+*/=<>!|&#0123456789eExX_\\NBQ\u00e9\u20ac";
        var random = new Random(99);
        var fingerprinter = new SqlFingerprinter(capacity: 100);
        var buffer = new char[64];
        for (var n = 0; n < Cases; n++)
        {
            var length = random.Next(buffer.Length + 1);
            for (var i = 0; i < length; i++)
            {
                buffer[i] = alphabet[random.Next(alphabet.Length)];
            }

            var statement = fingerprinter.Analyze(buffer.AsSpan(0, length));
            Assert.NotNull(statement.Fingerprint.Text);
        }
    }

    private static Statement Generate(Random random)
    {
        var kind = (SqlStatementKind)random.Next(1, 5);
        var table = Pick(random, Tables);
        var alias = kind is SqlStatementKind.Select && random.Next(2) == 0 ? table[..1].ToLowerInvariant() + "0" : null;
        var columns = Distinct(random, random.Next(1, 4));
        var predicates = new List<Predicate>();
        if (kind != SqlStatementKind.Insert)
        {
            for (var i = random.Next(kind == SqlStatementKind.Select ? 0 : 1, 4); i > 0; i--)
            {
                predicates.Add(new Predicate(Pick(random, Columns), random.Next(Comparisons.Length + 2)));
            }
        }

        var orderBy = kind == SqlStatementKind.Select ? Distinct(random, random.Next(0, 3)) : [];
        var descending = orderBy.Select(_ => random.Next(2) == 0).ToArray();
        var limit = kind == SqlStatementKind.Select && random.Next(2) == 0;
        var offset = limit && random.Next(2) == 0;
        return new Statement(kind, table, alias, columns, predicates, orderBy, descending, limit, offset);
    }

    private static Statement Mutate(Statement statement, Random random)
    {
        if (random.Next(2) == 0)
        {
            return statement with { Table = statement.Table + "_archive" };
        }

        if (statement.Kind == SqlStatementKind.Delete)
        {
            var predicates = statement.Predicates.ToArray();
            predicates[0] = predicates[0] with { Column = predicates[0].Column + "_v2" };
            return statement with { Predicates = predicates };
        }

        var columns = statement.Columns.ToArray();
        var which = random.Next(columns.Length);
        columns[which] += "_v2";
        return statement with { Columns = columns };
    }

    private static string Render(Statement s, Random random)
    {
        var tokens = new List<string>();
        void Keyword(string word) => tokens.Add(RandomCase(random, word));
        void Name(string name) => tokens.Add(Quote(random, name));
        void Column(string column)
        {
            if (s.Alias is not null)
            {
                Name(s.Alias);
                tokens.Add(".");
            }

            Name(column);
        }

        if (random.Next(3) == 0)
        {
            tokens.Add("-- File: /src/App/Repo.cs:" + random.Next(1000) + "\n");
        }

        switch (s.Kind)
        {
            case SqlStatementKind.Select:
                Keyword("select");
                for (var i = 0; i < s.Columns.Count; i++)
                {
                    if (i > 0)
                    {
                        tokens.Add(",");
                    }

                    Column(s.Columns[i]);
                }

                Keyword("from");
                Name(s.Table);
                if (s.Alias is not null)
                {
                    Keyword("as");
                    Name(s.Alias);
                }

                break;
            case SqlStatementKind.Insert:
                Keyword("insert");
                Keyword("into");
                Name(s.Table);
                tokens.Add("(");
                for (var i = 0; i < s.Columns.Count; i++)
                {
                    if (i > 0)
                    {
                        tokens.Add(",");
                    }

                    Name(s.Columns[i]);
                }

                tokens.Add(")");
                Keyword("values");
                for (var row = random.Next(1, 4); row > 0; row--)
                {
                    tokens.Add("(");
                    for (var i = 0; i < s.Columns.Count; i++)
                    {
                        if (i > 0)
                        {
                            tokens.Add(",");
                        }

                        tokens.Add(Value(random));
                    }

                    tokens.Add(")");
                    if (row > 1)
                    {
                        tokens.Add(",");
                    }
                }

                break;
            case SqlStatementKind.Update:
                Keyword("update");
                Name(s.Table);
                Keyword("set");
                for (var i = 0; i < s.Columns.Count; i++)
                {
                    if (i > 0)
                    {
                        tokens.Add(",");
                    }

                    Name(s.Columns[i]);
                    tokens.Add("=");
                    tokens.Add(Value(random));
                }

                break;
            default:
                Keyword("delete");
                Keyword("from");
                Name(s.Table);
                break;
        }

        for (var i = 0; i < s.Predicates.Count; i++)
        {
            Keyword(i == 0 ? "where" : "and");
            var predicate = s.Predicates[i];
            Column(predicate.Column);
            if (predicate.Operator < Comparisons.Length)
            {
                tokens.Add(Comparisons[predicate.Operator]);
                tokens.Add(Value(random));
            }
            else if (predicate.Operator == Comparisons.Length)
            {
                Keyword("in");
                tokens.Add("(");
                for (var n = random.Next(1, 7); n > 0; n--)
                {
                    tokens.Add(Value(random));
                    if (n > 1)
                    {
                        tokens.Add(",");
                    }
                }

                tokens.Add(")");
            }
            else
            {
                Keyword("between");
                tokens.Add(Value(random));
                Keyword("and");
                tokens.Add(Value(random));
            }
        }

        if (s.OrderBy.Count > 0)
        {
            Keyword("order");
            Keyword("by");
            for (var i = 0; i < s.OrderBy.Count; i++)
            {
                if (i > 0)
                {
                    tokens.Add(",");
                }

                Column(s.OrderBy[i]);
                Keyword(s.Descending[i] ? "desc" : "asc");
            }
        }

        if (s.Limit)
        {
            Keyword("limit");
            tokens.Add(Value(random));
        }

        if (s.Offset)
        {
            Keyword("offset");
            tokens.Add(Value(random));
        }

        if (random.Next(2) == 0)
        {
            tokens.Add(";");
        }

        var sql = new StringBuilder();
        foreach (var token in tokens)
        {
            sql.Append(token);
            sql.Append(random.Next(8) switch
            {
                0 => "  ",
                1 => "\n\t",
                2 => " /* hint /* nested */ */ ",
                3 => "\r\n",
                _ => " ",
            });
        }

        return sql.ToString();
    }

    private static string Value(Random random) => random.Next(12) switch
    {
        0 => random.Next(-1000, 1000).ToString(),
        1 => "'" + new string('x', random.Next(4)) + "''s'",
        2 => (random.NextDouble() * 100).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture),
        3 => "@p" + random.Next(20),
        4 => "@__value_" + random.Next(5),
        5 => ":name" + random.Next(5),
        6 => "$" + random.Next(1, 20),
        7 => "?",
        8 => "$$dollar " + random.Next(9) + "$$",
        9 => "N'n'",
        10 => "$sqlite" + random.Next(5),
        _ => "-" + random.Next(100) + ".5e" + random.Next(3),
    };

    private static string Quote(Random random, string name) => random.Next(5) switch
    {
        0 => "\"" + name + "\"",
        1 => "[" + name + "]",
        2 => "`" + name + "`",
        3 => RandomCase(random, name),
        _ => name,
    };

    private static string RandomCase(Random random, string word) => random.Next(3) switch
    {
        0 => word.ToUpperInvariant(),
        1 => word.ToLowerInvariant(),
        _ => string.Concat(word.Select((c, i) => i % 2 == 0 ? char.ToUpperInvariant(c) : c)),
    };

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    private static List<string> Distinct(Random random, int count) =>
        Columns.OrderBy(_ => random.Next()).Take(count).ToList();

    private sealed record Predicate(string Column, int Operator);

    private sealed record Statement(
        SqlStatementKind Kind,
        string Table,
        string? Alias,
        IReadOnlyList<string> Columns,
        IReadOnlyList<Predicate> Predicates,
        IReadOnlyList<string> OrderBy,
        bool[] Descending,
        bool Limit,
        bool Offset);
}
