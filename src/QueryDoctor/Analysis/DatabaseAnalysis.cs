using System.Data.Common;
using QueryDoctor.Detection;
using QueryDoctor.Inspection;
using QueryDoctor.Inspection.Checks.FullScan;
using QueryDoctor.Inspection.Checks.UnusedIndex;
using QueryDoctor.Recording;
using QueryDoctor.Reporting;
using QueryDoctor.Rules;
using QueryDoctor.Sql;

namespace QueryDoctor.Analysis;

/// <summary>
/// The database half of an analysis: schema checks (<c>doctor</c>), and for a workload the plan-based
/// rules (<c>full-scan</c>) and the schema's verdict on <c>check-then-insert</c>. Read-only: catalog
/// queries and EXPLAIN without execution, through an <see cref="IDatabaseInspector"/>.
/// </summary>
public static class DatabaseAnalysis
{
    /// <summary>Reads the schema and runs the schema checks.</summary>
    /// <param name="inspector">The inspector of the database.</param>
    /// <param name="options">Severities and switches; defaults when <see langword="null"/>.</param>
    /// <param name="checkFailed">Told when a check throws (it is then skipped).</param>
    /// <param name="cancellationToken">Cancels the catalog queries.</param>
    /// <returns>A report holding the schema findings (no scopes, no events).</returns>
    /// <exception cref="DbException">The catalog cannot be read.</exception>
    public static async Task<AnalysisReport> DoctorAsync(
        IDatabaseInspector inspector,
        SchemaCheckOptions? options = null,
        Action<string, Exception>? checkFailed = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inspector);
        var schema = await inspector.ReadSchemaAsync(cancellationToken);
        var doctor = new SchemaDoctor(options) { CheckFailed = checkFailed };
        var report = new AnalysisReport { Findings = doctor.Examine(schema) };
        NoteYoungStatistics(schema, doctor.Options);
        return report;
    }

    /// <summary>
    /// Adds the database's view to a workload report: drops <c>check-then-insert</c> findings a unique index
    /// already settles, explains each distinct SELECT once for <c>full-scan</c>, and appends the schema findings.
    /// </summary>
    /// <param name="workload">The report of the event logs.</param>
    /// <param name="inspector">The inspector of the database the workload ran against.</param>
    /// <param name="options">Severities, switches and the full-scan threshold; defaults when <see langword="null"/>.</param>
    /// <param name="statementFailed">Told when a statement cannot be explained (e.g. it names a table this database lacks); it is then skipped.</param>
    /// <param name="cancellationToken">Cancels the catalog queries and EXPLAINs.</param>
    /// <returns>The workload report with the database findings.</returns>
    /// <exception cref="DbException">The catalog cannot be read.</exception>
    public static async Task<AnalysisReport> AddToAsync(
        AnalysisReport workload,
        IDatabaseInspector inspector,
        SchemaCheckOptions? options = null,
        Action<string, Exception>? statementFailed = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(inspector);
        options ??= new SchemaCheckOptions();
        var doctor = new SchemaDoctor(options) { CheckFailed = statementFailed };
        var schema = await inspector.ReadSchemaAsync(cancellationToken);

        var findings = workload.Findings
            .Where(f => !SettledByUniqueIndex(f, schema))
            .Select(f => ConfirmedBySchema(f, schema))
            .ToList();
        if (options.IsEnabled(RuleIds.FullScan))
        {
            findings.AddRange(await FullScansAsync(Statements(workload, inspector.Provider), inspector, schema, options, statementFailed, cancellationToken));
        }

        findings.AddRange(doctor.Examine(schema));
        NoteYoungStatistics(schema, options);
        return workload with { Findings = findings };
    }

    /// <summary>
    /// The database's findings for a workload given as statement shapes (e.g. read from pg_stat_statements rather
    /// than an event log): <c>full-scan</c> for each SELECT, then the schema findings.
    /// </summary>
    /// <param name="workload">The statement shapes with their parameters, calls and time.</param>
    /// <param name="inspector">The inspector of the database.</param>
    /// <param name="options">Severities, switches and the full-scan threshold; defaults when <see langword="null"/>.</param>
    /// <param name="statementFailed">Told when a statement cannot be explained; it is then skipped.</param>
    /// <param name="cancellationToken">Cancels the catalog queries and EXPLAINs.</param>
    /// <returns>A report holding the findings (no scopes, no events).</returns>
    /// <exception cref="DbException">The catalog cannot be read.</exception>
    public static async Task<AnalysisReport> WorkloadAsync(
        IReadOnlyList<Advisor.WorkloadStatement> workload,
        IDatabaseInspector inspector,
        SchemaCheckOptions? options = null,
        Action<string, Exception>? statementFailed = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(inspector);
        options ??= new SchemaCheckOptions();
        var doctor = new SchemaDoctor(options) { CheckFailed = statementFailed };
        var schema = await inspector.ReadSchemaAsync(cancellationToken);
        var findings = new List<Finding>();
        if (options.IsEnabled(RuleIds.FullScan))
        {
            var statements = workload
                .Select(w => new SampledStatement
                {
                    Fingerprint = w.Fingerprint,
                    Sample = new QueryEvent { Sql = w.Sql, Parameters = w.Parameters },
                    Count = w.Count,
                    TotalDuration = w.TotalDuration,
                })
                .SelectMany(s => s.Split(inspector.Provider))
                .Where(s => s.Fingerprint.Kind == SqlStatementKind.Select);
            findings.AddRange(await FullScansAsync([.. statements], inspector, schema, options, statementFailed, cancellationToken));
        }

        findings.AddRange(doctor.Examine(schema));
        NoteYoungStatistics(schema, options);
        return new AnalysisReport { Findings = findings };
    }

    /// <summary>
    /// <c>full-scan</c> for each statement: EXPLAIN it (a statement that cannot be explained is told to
    /// <paramref name="statementFailed"/> and skipped), judge its plan, and say once which scanned tables were too
    /// small to judge.
    /// </summary>
    private static async Task<List<Finding>> FullScansAsync(
        IReadOnlyList<SampledStatement> statements,
        IDatabaseInspector inspector,
        DatabaseSchema schema,
        SchemaCheckOptions options,
        Action<string, Exception>? statementFailed,
        CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        var small = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var statement in statements)
        {
            QueryPlan plan;
            try
            {
                plan = await inspector.ExplainAsync(statement.Sample.Sql, statement.Sample.Parameters, cancellationToken);
            }
            catch (Exception exception) when (exception is DbException or ArgumentException && !cancellationToken.IsCancellationRequested)
            {
                statementFailed?.Invoke(statement.Fingerprint.Text, exception);
                continue;
            }

            findings.AddRange(FullScanCheck.Check(statement, plan, schema, options));
            CollectSmallScans(plan, schema, options, small);
        }

        NoteSmallScans(small, options);
        return findings;
    }

    /// <summary>Tables a plan scans that are under the full-scan threshold: not judged, and said so once.</summary>
    private static void CollectSmallScans(QueryPlan plan, DatabaseSchema schema, SchemaCheckOptions options, SortedDictionary<string, long> small)
    {
        foreach (var access in plan.Accesses)
        {
            if (access.Kind == TableAccessKind.Scan && schema.FindTable(access.Table) is { RowCount: { } rows } table && rows < options.FullScanRowThreshold)
            {
                small[table.DisplayName] = rows;
            }
        }
    }

    private static void NoteSmallScans(SortedDictionary<string, long> small, SchemaCheckOptions options)
    {
        if (small.Count == 0 || options.Note is not { } note)
        {
            return;
        }

        var listed = string.Join(", ", small.Take(5).Select(t => $"{t.Key} {t.Value:N0}"));
        var more = small.Count > 5 ? $" and {small.Count - 5} more" : "";
        note($"full-scan: {small.Count} scanned table{(small.Count == 1 ? "" : "s")} under {options.FullScanRowThreshold:N0} rows not judged " +
             $"({listed}{more} rows): scanning a small table is as fast as an index (--threshold full-scan=ROWS to change)");
    }

    private static void NoteYoungStatistics(DatabaseSchema schema, SchemaCheckOptions options)
    {
        if (options.Note is { } note && options.IsEnabled(RuleIds.UnusedIndex) && schema.Provider == DatabaseProvider.PostgreSql
            && schema.StatisticsAge is { } age && age < options.UnusedIndexMinimumStatisticsAge)
        {
            note($"unused-index: the server's usage statistics are only {UnusedIndexCheck.Describe(age)} old " +
                 $"(since the {(schema.StatisticsSince is { } since ? since.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) + " UTC " : "")}server start or statistics reset): " +
                 $"no index is called unused before they cover {options.UnusedIndexMinimumStatisticsAge.TotalDays:0.#} days (--threshold unused-index=DAYS to change)");
        }
    }

    /// <summary>
    /// Whether a <c>check-then-insert</c> finding is settled by the schema: the table has a unique index (or
    /// primary key) on a subset of the checked columns, so a second insert fails instead of duplicating.
    /// </summary>
    /// <param name="finding">Any finding; only <c>check-then-insert</c> ones can be settled.</param>
    /// <param name="schema">The database schema.</param>
    /// <returns><see langword="true"/> when the finding should be dropped.</returns>
    internal static bool SettledByUniqueIndex(Finding finding, DatabaseSchema schema)
    {
        ArgumentNullException.ThrowIfNull(finding);
        ArgumentNullException.ThrowIfNull(schema);
        if (finding.Rule != RuleIds.CheckThenInsert || finding.Table is null || finding.Columns is not { Count: > 0 } columns
            || schema.FindTable(finding.Table) is not { } table)
        {
            return false;
        }

        bool Subset(IReadOnlyList<string> keys) =>
            keys.Count > 0 && keys.All(k => columns.Contains(k, StringComparer.OrdinalIgnoreCase));

        return Subset(table.PrimaryKey)
            || table.Indexes.Any(i => i.IsUnique && !i.IsPartial && !i.HasExpressions && Subset(i.Columns));
    }

    /// <summary>A <c>check-then-insert</c> finding the schema does not settle, on a table the schema has, is certain: say so.</summary>
    private static Finding ConfirmedBySchema(Finding finding, DatabaseSchema schema) =>
        finding.Rule == RuleIds.CheckThenInsert && finding.Table is { } name && schema.FindTable(name) is { } table
            ? finding with { Message = finding.Message + $" (confirmed: {table.DisplayName} has no unique index or key on a subset of these columns)" }
            : finding;

    /// <summary>The distinct SELECT shapes of a workload, each with one executed sample and its totals.</summary>
    /// <remarks>The sample is a raw event of the scope when one was kept (live capture, with parameters), else the first text the log reader saw.</remarks>
    internal static IReadOnlyList<SampledStatement> Statements(AnalysisReport workload, DatabaseProvider provider) =>
        workload.Workload is { } shapes && workload.Scopes.Count == 0
            ? [.. SampledStatement.FromShapes(shapes, workload.StatementSamples, provider: provider)
                .SelectMany(s => s.Split(provider))
                .Where(s => s.Fingerprint.Kind == SqlStatementKind.Select)]
            : Statements(workload.Scopes, provider, workload.StatementSamples);

    /// <summary>The distinct SELECT shapes of some scopes, each with one executed sample and its totals.</summary>
    internal static IReadOnlyList<SampledStatement> Statements(
        IReadOnlyList<QueryScope> scopes,
        DatabaseProvider provider,
        IReadOnlyDictionary<string, string>? samples = null) =>
        [.. SampledStatement.Collect(scopes, samples, null, provider)
            .SelectMany(s => s.Split(provider))
            .Where(s => s.Fingerprint.Kind == SqlStatementKind.Select)];
}
