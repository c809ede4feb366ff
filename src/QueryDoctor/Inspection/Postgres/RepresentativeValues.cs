using System.Data.Common;
using System.Globalization;
using System.Text;
using QueryDoctor.Inspection.Sqlite;
using QueryDoctor.Sql;

namespace QueryDoctor.Inspection.Postgres;

/// <summary>
/// Binds the <c>$n</c> parameters of a normalised statement (pg_stat_statements keeps no values) to values drawn
/// from the data: for a parameter compared with a column, the column's statistics in <c>pg_stats</c> (a middle
/// histogram bound, else the most common value; a high bound for <c>&gt;</c>, a low one for <c>&lt;</c>), else one
/// sampled non-null value of the column. Values are text literals, so PostgreSQL types them from the column.
/// Row limits take a page of 20 and offsets 0. A parameter it cannot place stays unknown (the inspector then
/// tries typed placeholders). Read-only: catalog reads and at most one single-row sample per column.
/// </summary>
internal sealed class RepresentativeValues
{
    /// <summary>The page size bound to a <c>LIMIT $n</c>: pg_stat_statements replaced the application's own constant.</summary>
    internal const int RowLimit = 20;

    private readonly DbConnection _connection;
    private readonly DatabaseSchema _schema;
    private readonly Dictionary<string, List<string>?> _columnValues = new(StringComparer.Ordinal);

    public RepresentativeValues(DbConnection connection, DatabaseSchema schema)
    {
        _connection = connection;
        _schema = schema;
    }

    /// <summary>Values for <c>$1</c>..<c>$n</c> in order (unknown ones <see langword="null"/>), and how many were bound from the data.</summary>
    public async Task<(IReadOnlyList<QueryParameter>? Parameters, int FromData, int Unknown)> BindAsync(string sql, CancellationToken cancellationToken)
    {
        var placeholders = StatementPlaceholders.Scan(sql, postgres: true);
        var numbers = placeholders.Select(p => p.Ordinal + 1).Where(n => n > 0).ToList();
        if (numbers.Count == 0)
        {
            return (null, 0, 0);
        }

        var contexts = ParameterContexts.Find(sql);
        var fingerprint = SqlFingerprint.Of(sql);
        var tables = fingerprint.Tables.Select(_schema.FindTable).OfType<TableSchema>().Distinct().ToList();
        var aliases = SqlShapeParser.TableAliases(sql);
        var max = numbers.Max();
        var values = new object?[max];
        int fromData = 0, unknown = 0;

        // Two bounds on one column (a range) take values either side of the middle, not two ends of the table.
        var bounded = contexts.Values
            .Where(c => c.Column is not null && c.Role is ParameterContexts.Role.Lower or ParameterContexts.Role.Upper)
            .GroupBy(c => (c.Qualifier, c.Column), c => c.Role)
            .Where(g => g.Distinct().Count() == 2)
            .Select(g => g.Key)
            .ToHashSet();

        for (var number = 1; number <= max; number++)
        {
            if (!contexts.TryGetValue(number, out var context))
            {
                unknown++;
                continue;
            }

            switch (context.Role)
            {
                case ParameterContexts.Role.Limit:
                    values[number - 1] = RowLimit.ToString(CultureInfo.InvariantCulture);
                    continue;
                case ParameterContexts.Role.Offset:
                    values[number - 1] = "0";
                    continue;
            }

            var table = Owner(context, tables, aliases, fingerprint);
            var column = table?.Columns.FirstOrDefault(c => string.Equals(c.Name, context.Column, StringComparison.Ordinal))
                         ?? table?.Columns.FirstOrDefault(c => string.Equals(c.Name, context.Column, StringComparison.OrdinalIgnoreCase));
            var sample = table is null || column is null ? null : await ValuesAsync(table, column, cancellationToken);
            if (sample is not { Count: > 0 })
            {
                unknown++;
                continue;
            }

            var range = bounded.Contains((context.Qualifier, context.Column));
            var value = context.Role switch
            {
                ParameterContexts.Role.Lower => sample[Position(sample.Count, range ? 0.45 : 0.9)],
                ParameterContexts.Role.Upper => sample[Position(sample.Count, range ? 0.55 : 0.1)],
                _ => sample[sample.Count / 2],
            };
            values[number - 1] = context.Role == ParameterContexts.Role.Array ? new[] { value } : value;
            fromData++;
        }

        return ([.. values.Select(v => new QueryParameter(null, v))], fromData, unknown);
    }

    private static int Position(int count, double share) => Math.Clamp((int)Math.Round((count - 1) * share), 0, count - 1);

    private static TableSchema? Owner(ParameterContexts.Context context, List<TableSchema> tables, Dictionary<string, string> aliases, SqlFingerprint fingerprint)
    {
        bool Has(TableSchema t) => t.Columns.Any(c => string.Equals(c.Name, context.Column, StringComparison.OrdinalIgnoreCase));

        if (context.Qualifier is { } qualifier)
        {
            var named = aliases.TryGetValue(qualifier, out var real) ? real : qualifier;
            return tables.FirstOrDefault(t => (string.Equals(t.Name, named, StringComparison.OrdinalIgnoreCase)
                                               || string.Equals(t.DisplayName, named, StringComparison.OrdinalIgnoreCase)) && Has(t));
        }

        var holders = tables.Where(Has).ToList();
        return holders.Count == 1 ? holders[0]
            : holders.FirstOrDefault(t => fingerprint.MainTable is { } main && (string.Equals(t.Name, main, StringComparison.OrdinalIgnoreCase) || string.Equals(t.DisplayName, main, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>
    /// Values of a column in ascending order as PostgreSQL prints them: the histogram bounds (spread over the
    /// distribution), else the most common values (for a handful of distinct values, most frequent first), else one sampled value.
    /// </summary>
    private async Task<List<string>?> ValuesAsync(TableSchema table, ColumnSchema column, CancellationToken cancellationToken)
    {
        var key = table.Schema + "\u0001" + table.Name + "\u0001" + column.Name;
        if (_columnValues.TryGetValue(key, out var cached))
        {
            return cached;
        }

        List<string>? values = null;
        var statistics = await DbRead.QueryAsync(
            _connection,
            "SELECT histogram_bounds::text, most_common_vals::text FROM pg_catalog.pg_stats WHERE schemaname = @s AND tablename = @t AND attname = @c",
            r => (Histogram: DbRead.TextOrNull(r, 0), Common: DbRead.TextOrNull(r, 1)),
            cancellationToken,
            null,
            ("@s", table.Schema), ("@t", table.Name), ("@c", column.Name));
        if (statistics.Count > 0)
        {
            var (histogram, common) = statistics[0];
            values = ArrayItems(histogram) is { Count: > 0 } bounds ? bounds
                : ArrayItems(common) is { Count: > 0 } frequent ? [frequent[0]]
                : null;
        }

        if (values is null)
        {
            // Never analysed: one value read from the table itself (the first non-null one; no statistics to say better).
            var name = SchemaText.Quote(table.Schema) + "." + SchemaText.Quote(table.Name);
            var quoted = SchemaText.Quote(column.Name);
            var sampled = await DbRead.QueryAsync(
                _connection,
                $"SELECT {quoted}::text FROM {name} WHERE {quoted} IS NOT NULL LIMIT 1",
                r => DbRead.TextOrNull(r, 0),
                cancellationToken);
            values = sampled is [{ } one] ? [one] : null;
        }

        _columnValues[key] = values;
        return values;
    }

    /// <summary>The elements of a one-dimensional array literal as PostgreSQL prints it (<c>{a,"b c",NULL}</c>); NULLs left out.</summary>
    internal static List<string>? ArrayItems(string? literal)
    {
        if (literal is null || literal.Length < 2 || literal[0] != '{' || literal[^1] != '}' || literal.AsSpan(1).Contains('{'))
        {
            return null;
        }

        var items = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        var wasQuoted = false;
        for (var i = 1; i < literal.Length - 1; i++)
        {
            var c = literal[i];
            if (quoted)
            {
                if (c == '\\' && i + 1 < literal.Length - 1)
                {
                    current.Append(literal[++i]);
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = wasQuoted = true;
            }
            else if (c == ',')
            {
                Flush();
            }
            else
            {
                current.Append(c);
            }
        }

        Flush();
        return items;

        void Flush()
        {
            var text = current.ToString();
            if (wasQuoted || !text.Equals("NULL", StringComparison.OrdinalIgnoreCase))
            {
                items.Add(text);
            }

            current.Clear();
            wasQuoted = false;
        }
    }
}
