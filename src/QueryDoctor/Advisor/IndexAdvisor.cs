using System.Data.Common;
using System.Globalization;
using QueryDoctor.Inspection;
using QueryDoctor.Rules;
using QueryDoctor.Sql;

namespace QueryDoctor.Advisor;

/// <summary>
/// Turns a workload into a small set of indexes and proves each one: candidates come from the statement
/// shapes (equality columns first, then one range column or the ORDER BY columns), candidates on one
/// table merge when one key order serves several shapes, tiny tables and unselective keys are skipped,
/// and a candidate is recommended only when a what-if plan shows some statement moving from a scan or a
/// sort to it. Nothing is written: HypoPG on PostgreSQL, a rolled-back transaction on SQLite.
/// </summary>
public sealed class IndexAdvisor
{
    /// <summary>The rule id of the advisor's findings.</summary>
    public const string RuleId = RuleIds.MissingIndex;

    private readonly DbConnection _connection;
    private readonly DatabaseProvider _provider;
    private readonly IDatabaseInspector _inspector;
    private readonly IndexAdvisorOptions _options;

    /// <summary>Creates an advisor over an open (or openable) connection.</summary>
    /// <param name="connection">The database. On SQLite it must be writable: candidates are created inside a transaction that is rolled back.</param>
    /// <param name="provider">The engine.</param>
    /// <param name="options">Budget and gates; default <see cref="IndexAdvisorOptions"/>.</param>
    public IndexAdvisor(DbConnection connection, DatabaseProvider provider, IndexAdvisorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
        _provider = provider;
        _inspector = DatabaseInspector.For(connection, provider);
        _options = options ?? new IndexAdvisorOptions();
        _options.Validate();
    }

    /// <summary>Advises indexes for a workload.</summary>
    /// <param name="workload">The statement shapes, e.g. from <see cref="WorkloadStatement.FromReport"/>.</param>
    /// <param name="cancellationToken">Cancels the work; the what-if indexes are removed all the same.</param>
    /// <returns>The recommendations and their findings.</returns>
    public async Task<IndexAdvice> AdviseAsync(IReadOnlyList<WorkloadStatement> workload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var schema = await _inspector.ReadSchemaAsync(cancellationToken);
        var notes = new List<string>();

        // 1. Plan every shape as it is, and derive what index would serve it where the plan scans or sorts.
        var candidates = new List<Candidate>();
        var explained = 0;
        foreach (var statement in Expand(workload, _provider))
        {
            if (statement.Fingerprint.Kind is not (SqlStatementKind.Select or SqlStatementKind.Update or SqlStatementKind.Delete))
            {
                continue;
            }

            QueryPlan before;
            try
            {
                before = await _inspector.ExplainAsync(statement.Sql, statement.Parameters, cancellationToken);
                explained++;
            }
            catch (Exception exception) when (exception is DbException or ArgumentException && !cancellationToken.IsCancellationRequested)
            {
                notes.Add($"{statement.Fingerprint.Id}: not explained ({FirstLine(exception.Message)}): {Shorten(statement.Fingerprint.Text)}");
                continue;
            }

            foreach (var candidate in CandidatesFor(statement, before, schema))
            {
                candidates.Add(candidate);
            }
        }

        // 2. Gates: tiny tables, keys an existing index already leads with, unselective equality-only keys.
        var kept = new List<Candidate>();
        var small = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var shares = new Dictionary<string, double?>(StringComparer.OrdinalIgnoreCase); // one sample query per table and key, however many shapes share it
        foreach (var candidate in candidates)
        {
            var table = candidate.Table;
            if (table.RowCount is { } rows && rows < _options.MinTableRows)
            {
                small[table.DisplayName] = rows;
                continue;
            }

            if (ServedByExisting(candidate, table) is { } existing)
            {
                notes.Add($"{table.DisplayName} ({string.Join(", ", candidate.Key)}): already led by index {existing}");
                continue;
            }

            double? share = null;
            if (candidate.Trailing.Count == 0)
            {
                var key = table.DisplayName + "(" + string.Join(",", candidate.Equality.Order(StringComparer.OrdinalIgnoreCase)) + ")";
                if (!shares.TryGetValue(key, out share))
                {
                    share = await RowsPerKeyShareAsync(table, candidate.Equality, cancellationToken);
                    shares.Add(key, share);
                }
            }

            if (share > _options.MaxRowsPerKeyShare)
            {
                notes.Add($"{table.DisplayName} ({string.Join(", ", candidate.Equality)}): each value matches {share:P0} of the rows: too unselective to index");
                continue;
            }

            kept.Add(candidate);
        }

        if (small.Count > 0)
        {
            // One line for all of them: which tables, how small, and why nothing is advised there.
            var listed = string.Join(", ", small.Take(5).Select(t => $"{t.Key} {t.Value:N0} rows"));
            notes.Add($"{small.Count} table{(small.Count == 1 ? "" : "s")} under {_options.MinTableRows:N0} rows not indexed " +
                      $"({listed}{(small.Count > 5 ? $" and {small.Count - 5} more" : "")}): a scan of a small table is as good as an index");
        }

        // 3. Merge: one key order serving several shapes.
        var groups = Merge(kept);

        // 4. Prove with what-if plans: all candidates at once, then keep those some statement moves to.
        var proven = await ProveAsync(groups, cancellationToken);
        var chosen = proven
            .OrderByDescending(p => p.WorkloadMs)
            .ThenByDescending(p => p.Executions)
            .Take(_options.MaxIndexes)
            .ToList();
        if (proven.Count > chosen.Count)
        {
            notes.Add($"{proven.Count - chosen.Count} further proven index(es) left out by the budget of {_options.MaxIndexes}");
            // Re-prove the chosen set alone: without the others, plans (and what each index serves) can differ.
            chosen = (await ProveAsync(chosen.Select(c => c.Group).ToList(), cancellationToken))
                .OrderByDescending(p => p.WorkloadMs).ThenByDescending(p => p.Executions).ToList();
        }

        var recommendations = chosen.Select(Recommend).ToList();
        return new IndexAdvice
        {
            Recommendations = recommendations,
            Findings = [.. recommendations.Select(ToFinding)],
            StatementsExplained = explained,
            Notes = notes.Distinct(StringComparer.Ordinal).ToList(),
        };
    }

    /// <summary>The <c>missing-index</c> finding for a recommendation.</summary>
    /// <param name="recommendation">The recommendation.</param>
    /// <returns>The finding.</returns>
    public static Finding ToFinding(IndexRecommendation recommendation)
    {
        ArgumentNullException.ThrowIfNull(recommendation);
        var shapes = recommendation.Fingerprints.Count;
        return new Finding
        {
            Rule = RuleId,
            Severity = Severity.Warning,
            Message = string.Create(CultureInfo.InvariantCulture,
                $"{recommendation.Table} is scanned or sorted by {shapes} statement shape{(shapes == 1 ? "" : "s")} " +
                $"({recommendation.Executions} execution{(recommendation.Executions == 1 ? "" : "s")}, {recommendation.WorkloadMs:0.#} ms) " +
                $"that an index on ({string.Join(", ", recommendation.Columns)}) serves, as the what-if plan shows"),
            Table = recommendation.Table,
            Columns = recommendation.Columns,
            Count = recommendation.Executions,
            DurationMs = recommendation.WorkloadMs,
            Fingerprint = recommendation.Fingerprints[0],
            Fingerprints = recommendation.Fingerprints,
            PlanBefore = recommendation.PlanBefore,
            PlanAfter = recommendation.PlanAfter,
            Ddl = recommendation.Ddl,
            Suggestion = "Create the index; in EF Core: " + recommendation.EfCore,
        };
    }

    /// <summary>
    /// Splits batches (one command holding several statements, as EF Core's <c>SaveChanges</c> sends on PostgreSQL)
    /// into one workload statement per part, each credited with the batch's executions and an equal share of its time.
    /// </summary>
    internal static IReadOnlyList<WorkloadStatement> Expand(IReadOnlyList<WorkloadStatement> workload, DatabaseProvider provider)
    {
        var result = new List<WorkloadStatement>(workload.Count);
        foreach (var statement in workload)
        {
            var parts = StatementPlaceholders.Split(statement.Sql);
            if (parts.Count <= 1)
            {
                result.Add(statement);
                continue;
            }

            var share = statement.TotalDuration / parts.Count;
            result.AddRange(parts.Select(part => statement with { Fingerprint = SqlFingerprint.Of(part), Sql = part, TotalDuration = share }));
        }

        return result;
    }

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..119] + "…";

    private static IEnumerable<Candidate> CandidatesFor(WorkloadStatement statement, QueryPlan plan, DatabaseSchema schema)
    {
        var outer = statement.Fingerprint;
        var aliases = SqlShapeParser.TableAliases(statement.Sql);
        var tables = outer.Tables
            .Select(schema.FindTable)
            .OfType<TableSchema>()
            .Distinct()
            .ToList();

        // A paged subquery (EF Core's Include over Take: "FROM (SELECT … ORDER BY … LIMIT @p) AS a0 JOIN …") is
        // where the table is read: its own WHERE and ORDER BY decide the index, not the outer query's.
        var paged = PagedSubqueries(statement.Sql)
            .Select(text => (Fingerprint: SqlFingerprint.Of(text), Tables: SqlFingerprint.Of(text).Tables.Select(schema.FindTable).OfType<TableSchema>().Distinct().ToList()))
            .Where(s => s.Tables.Count > 0)
            .ToList();
        foreach (var table in tables)
        {
            var inner = paged.FirstOrDefault(s => s.Tables.Contains(table));
            var (fingerprint, shapeTables) = inner.Fingerprint is null ? (outer, tables) : inner;
            var equality = Columns(fingerprint.EqualityColumns, table, shapeTables, aliases, fingerprint);
            var range = Columns(fingerprint.RangeColumns, table, shapeTables, aliases, fingerprint).Where(c => !equality.Contains(c)).ToList();

            // The leading ORDER BY columns of this table: EF Core appends other tables' keys to an outer ORDER BY.
            var orderOnTable = fingerprint.OrderBy
                .Select(o => (Column: Resolve(o.Column, table, shapeTables, aliases, fingerprint), o.Descending))
                .TakeWhile(o => o.Column is not null)
                .Select(o => (o.Column!, o.Descending))
                .Where(o => !equality.Contains(o.Item1))
                .ToList();

            var scans = plan.Accesses.Any(a => a.Kind == TableAccessKind.Scan && SameTable(a.Table, table));
            var sorts = plan.HasTempSort && orderOnTable.Count > 0;
            if (!scans && !sorts)
            {
                continue;
            }

            // Equality columns first, then the first range column, or else the ORDER BY columns (an index
            // in ORDER BY order after the equality columns returns rows sorted: no sort, and LIMIT stops early).
            List<(string Column, bool Descending)> trailing = range.Count > 0
                ? [(range[0], false)]
                : sorts || fingerprint.HasRowLimit ? orderOnTable : [];
            if (equality.Count == 0 && trailing.Count == 0)
            {
                continue;
            }

            yield return new Candidate(table, equality, trailing, statement, plan);
        }
    }

    /// <summary>The texts of parenthesised SELECTs with both ORDER BY and a row limit (paged derived tables), outermost first.</summary>
    internal static IEnumerable<string> PagedSubqueries(string sql)
    {
        var opens = new Stack<int>();
        var found = new List<(int Start, string Text)>();
        for (var i = 0; i < sql.Length; i++)
        {
            switch (sql[i])
            {
                case '\'' or '"':
                    var close = sql.IndexOf(sql[i], i + 1);
                    i = close < 0 ? sql.Length : close;
                    break;
                case '(':
                    opens.Push(i);
                    break;
                case ')' when opens.Count > 0:
                    var start = opens.Pop();
                    var body = sql[(start + 1)..i].Trim();
                    if (body.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)
                        && body.Contains("ORDER BY", StringComparison.OrdinalIgnoreCase)
                        && (body.Contains("LIMIT", StringComparison.OrdinalIgnoreCase) || body.Contains("FETCH", StringComparison.OrdinalIgnoreCase) || body.Contains("TOP", StringComparison.OrdinalIgnoreCase)))
                    {
                        found.Add((start, body));
                    }

                    break;
            }
        }

        return found.OrderBy(f => f.Start).Select(f => f.Text);
    }

    private static List<string> Columns(IReadOnlyList<SqlColumn> columns, TableSchema table, List<TableSchema> tables, Dictionary<string, string> aliases, SqlFingerprint fingerprint)
    {
        var result = new List<string>();
        foreach (var column in columns)
        {
            if (Resolve(column, table, tables, aliases, fingerprint) is { } name && !result.Contains(name))
            {
                result.Add(name);
            }
        }

        return result;
    }

    /// <summary>The column's name as <paramref name="table"/> spells it, when the column belongs to that table.</summary>
    private static string? Resolve(SqlColumn column, TableSchema table, List<TableSchema> tables, Dictionary<string, string> aliases, SqlFingerprint fingerprint)
    {
        var own = table.Columns.FirstOrDefault(c => string.Equals(c.Name, column.Column, StringComparison.OrdinalIgnoreCase))?.Name;
        if (own is null)
        {
            return null;
        }

        if (column.Table is { } qualifier)
        {
            var named = aliases.TryGetValue(qualifier, out var real) ? real : qualifier;
            if (SameTable(named, table))
            {
                return own;
            }

            // Qualified by another table or alias of the statement: not ours.
            return tables.Count == 1 && !aliases.ContainsKey(qualifier) && !tables.Any(t => SameTable(qualifier, t)) ? own : null;
        }

        // Unqualified: ours when no other table of the statement has such a column (or when we are the main table).
        var holders = tables.Count(t => t.Columns.Any(c => string.Equals(c.Name, column.Column, StringComparison.OrdinalIgnoreCase)));
        return holders == 1 || SameTable(fingerprint.MainTable, table) ? own : null;
    }

    private static bool SameTable(string? name, TableSchema table) =>
        name is not null && (string.Equals(name, table.Name, StringComparison.OrdinalIgnoreCase)
                             || string.Equals(name, table.DisplayName, StringComparison.OrdinalIgnoreCase));

    private static string? ServedByExisting(Candidate candidate, TableSchema table)
    {
        foreach (var index in table.Indexes)
        {
            if (index.IsPartial || index.HasExpressions || index.Columns.Count < candidate.Key.Count)
            {
                continue;
            }

            var lead = index.Columns.Take(candidate.Equality.Count).ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (!lead.SetEquals(candidate.Equality))
            {
                continue;
            }

            var next = index.Columns.Skip(candidate.Equality.Count).Take(candidate.Trailing.Count);
            if (next.SequenceEqual(candidate.Trailing.Select(t => t.Column), StringComparer.OrdinalIgnoreCase))
            {
                return index.Name;
            }
        }

        return null;
    }

    private async Task<double?> RowsPerKeyShareAsync(TableSchema table, IReadOnlyList<string> columns, CancellationToken cancellationToken)
    {
        if (columns.Count == 0)
        {
            return null;
        }

        var list = string.Join(", ", columns.Select(SchemaText.Quote));
        var name = _provider == DatabaseProvider.PostgreSql
            ? SchemaText.Quote(table.Schema) + "." + SchemaText.Quote(table.Name)
            : SchemaText.Quote(table.Name);
        var sample = _options.SelectivitySampleRows.ToString(CultureInfo.InvariantCulture);
        await using var command = _connection.CreateCommand();
        command.CommandText =
            $"SELECT (SELECT count(*) FROM (SELECT 1 FROM {name} LIMIT {sample}) s), " +
            $"(SELECT count(*) FROM (SELECT DISTINCT {list} FROM (SELECT {list} FROM {name} LIMIT {sample}) s) d)";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var rows = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
        var distinct = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
        return rows == 0 || distinct == 0 ? null : 1.0 / distinct;
    }

    /// <summary>
    /// Merges candidates so one key order serves several shapes: an equality-only candidate joins a wider one
    /// when its columns can lead that one's key (nested with what already leads it); a candidate with the same
    /// equality columns and a matching tail joins too. Widest candidates are placed first.
    /// </summary>
    private static List<CandidateGroup> Merge(List<Candidate> candidates)
    {
        var groups = new List<CandidateGroup>();
        foreach (var candidate in candidates.OrderByDescending(c => c.Key.Count).ThenByDescending(c => c.Statement.TotalDuration))
        {
            var home = groups.FirstOrDefault(g => g.CanServe(candidate));
            if (home is null)
            {
                groups.Add(new CandidateGroup(candidate));
            }
            else
            {
                home.Add(candidate);
            }
        }

        return groups;
    }

    private async Task<List<Proven>> ProveAsync(IReadOnlyList<CandidateGroup> groups, CancellationToken cancellationToken)
    {
        var proven = new List<Proven>();
        if (groups.Count == 0)
        {
            return proven;
        }

        var names = new Dictionary<CandidateGroup, string>();
        await using var whatIf = _inspector is IWhatIfIndexSource source
            ? await source.StartWhatIfAsync(_options.ScratchCopy, cancellationToken)
            : throw new NotSupportedException("index advice needs what-if indexes, which the " + _provider + " inspector cannot make");
        foreach (var group in groups)
        {
            var (columns, descending) = group.KeyOrder();
            names[group] = await whatIf.CreateAsync(group.Table, columns, descending, cancellationToken);
        }

        // Re-plan every statement any candidate was derived from; credit the candidate the plan moves to.
        var served = groups.ToDictionary(g => g, _ => new List<(Candidate Candidate, QueryPlan After)>());
        foreach (var candidate in groups.SelectMany(g => g.Members).DistinctBy(c => (c.Statement, c.Table)))
        {
            var after = await _inspector.ExplainAsync(candidate.Statement.Sql, candidate.Statement.Parameters, cancellationToken);
            foreach (var group in groups.Where(g => g.Table == candidate.Table))
            {
                var name = names[group];
                var uses = after.Accesses.Any(a => string.Equals(a.IndexName, name, StringComparison.OrdinalIgnoreCase));
                var scannedBefore = candidate.Before.Accesses.Any(a => a.Kind == TableAccessKind.Scan && SameTable(a.Table, candidate.Table));
                var scansAfter = after.Accesses.Any(a => a.Kind == TableAccessKind.Scan && SameTable(a.Table, candidate.Table));
                var sortGone = (candidate.Before.HasTempSort && !after.HasTempSort) || SortCount(after) < SortCount(candidate.Before);
                if (uses && ((scannedBefore && !scansAfter) || sortGone))
                {
                    served[group].Add((candidate, after));
                }
            }
        }

        foreach (var group in groups)
        {
            var hits = served[group].DistinctBy(h => h.Candidate.Statement).ToList();
            if (hits.Count == 0)
            {
                continue;
            }

            var heaviest = hits.OrderByDescending(h => h.Candidate.Statement.TotalDuration).ThenByDescending(h => h.Candidate.Statement.Count).First();
            proven.Add(new Proven(
                group,
                hits.Select(h => h.Candidate.Statement.Fingerprint.Id).ToList(),
                hits.Sum(h => h.Candidate.Statement.Count),
                hits.Sum(h => h.Candidate.Statement.TotalDuration.TotalMilliseconds),
                heaviest.Candidate.Before.Text,
                heaviest.After.Text.Replace(names[group], SchemaText.IndexName(group.Table, group.KeyOrder().Columns), StringComparison.OrdinalIgnoreCase)));
        }

        return proven;
    }

    /// <summary>How many sorts a plan does (a paged subquery's sort can go while an outer one stays).</summary>
    private static int SortCount(QueryPlan plan) =>
        plan.Provider == DatabaseProvider.Sqlite
            ? CountOf(plan.Text, "USE TEMP B-TREE FOR")
            : CountOf(plan.Text, "\"Node Type\": \"Sort\"") + CountOf(plan.Text, "\"Node Type\": \"Incremental Sort\"");

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static IndexRecommendation Recommend(Proven proven)
    {
        var group = proven.Group;
        var (columns, descending) = group.KeyOrder();
        var properties = columns.Select(SchemaText.Pascal).ToList();
        var efCore = properties.Count == 1
            ? $"entity.HasIndex(e => e.{properties[0]})"
            : $"entity.HasIndex(e => new {{ {string.Join(", ", properties.Select(p => "e." + p))} }})";
        if (descending.Any(d => d))
        {
            efCore += $".IsDescending({string.Join(", ", descending.Select(d => d ? "true" : "false"))})";
        }

        return new IndexRecommendation
        {
            Table = group.Table.DisplayName,
            Columns = columns,
            Descending = descending,
            Ddl = SchemaText.CreateIndex(group.Table, columns, descending),
            EfCore = efCore + " (property names assumed from the column names)",
            Fingerprints = proven.Fingerprints,
            Executions = proven.Executions,
            WorkloadMs = Math.Round(proven.WorkloadMs, 3),
            PlanBefore = proven.PlanBefore,
            PlanAfter = proven.PlanAfter,
        };
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    private sealed record Candidate(
        TableSchema Table,
        IReadOnlyList<string> Equality,
        IReadOnlyList<(string Column, bool Descending)> Trailing,
        WorkloadStatement Statement,
        QueryPlan Before)
    {
        public IReadOnlyList<string> Key { get; } = [.. Equality, .. Trailing.Select(t => t.Column)];
    }

    private sealed record Proven(CandidateGroup Group, IReadOnlyList<string> Fingerprints, int Executions, double WorkloadMs, string PlanBefore, string PlanAfter);

    /// <summary>Candidates one index serves: the widest defines the columns, the others constrain which columns lead.</summary>
    private sealed class CandidateGroup
    {
        private readonly Candidate _widest;
        private readonly List<HashSet<string>> _leads = [];

        public CandidateGroup(Candidate widest)
        {
            _widest = widest;
            Members.Add(widest);
        }

        public TableSchema Table => _widest.Table;

        public List<Candidate> Members { get; } = [];

        public bool CanServe(Candidate candidate)
        {
            if (candidate.Table != Table)
            {
                return false;
            }

            var equality = candidate.Equality.ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (candidate.Trailing.Count > 0)
            {
                // Same equality columns and a tail the widest one's tail starts with.
                return equality.SetEquals(_widest.Equality)
                       && candidate.Trailing.Count <= _widest.Trailing.Count
                       && candidate.Trailing.Select(t => t.Column).SequenceEqual(_widest.Trailing.Take(candidate.Trailing.Count).Select(t => t.Column), StringComparer.OrdinalIgnoreCase);
            }

            // Equality only: its columns must be able to lead the key, nested with every lead already promised.
            return equality.IsSubsetOf(_widest.Equality.ToHashSet(StringComparer.OrdinalIgnoreCase))
                   && _leads.All(lead => lead.IsSubsetOf(equality) || equality.IsSubsetOf(lead));
        }

        public void Add(Candidate candidate)
        {
            Members.Add(candidate);
            var lead = candidate.Equality.ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (lead.Count < _widest.Equality.Count && !_leads.Any(l => l.SetEquals(lead)))
            {
                _leads.Add(lead);
            }
        }

        /// <summary>Equality columns ordered by the nested leads (columns used alone first), then the tail.</summary>
        public (IReadOnlyList<string> Columns, IReadOnlyList<bool> Descending) KeyOrder()
        {
            var ordered = new List<string>();
            foreach (var lead in _leads.OrderBy(l => l.Count))
            {
                foreach (var column in _widest.Equality)
                {
                    if (lead.Contains(column) && !ordered.Contains(column, StringComparer.OrdinalIgnoreCase))
                    {
                        ordered.Add(column);
                    }
                }
            }

            ordered.AddRange(_widest.Equality.Where(c => !ordered.Contains(c, StringComparer.OrdinalIgnoreCase)));
            var descending = ordered.Select(_ => false).ToList();
            var allDescending = _widest.Trailing.Count > 0 && _widest.Trailing.All(t => t.Descending);
            foreach (var (column, isDescending) in _widest.Trailing)
            {
                ordered.Add(column);
                // All-descending tails are read backwards from an ascending index; only mixed directions need DESC.
                descending.Add(!allDescending && isDescending);
            }

            return (ordered, descending);
        }
    }
}
