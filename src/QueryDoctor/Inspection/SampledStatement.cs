using QueryDoctor.Recording;
using QueryDoctor.Sql;

namespace QueryDoctor.Inspection;

/// <summary>
/// One statement shape of a workload, merged over its scopes: a sample to explain and its totals. The one
/// place that turns scopes into shapes, for the plan-based rules (<c>full-scan</c>) and the index advisor.
/// </summary>
internal sealed record SampledStatement
{
    /// <summary>The statement's shape.</summary>
    public required SqlFingerprint Fingerprint { get; init; }

    /// <summary>One executed text of the shape, with its parameters when they were kept, to explain.</summary>
    public required QueryEvent Sample { get; init; }

    /// <summary>The scope the sample ran in (the first scope of the shape when no raw event was kept).</summary>
    public string? Scope { get; init; }

    /// <summary>The call site of the shape's group in that scope.</summary>
    public CallSite CallSite { get; init; } = CallSite.Unknown;

    /// <summary>How many times the shape ran, over all scopes.</summary>
    public int Count { get; init; }

    /// <summary>The time the shape took, over all scopes.</summary>
    public TimeSpan TotalDuration { get; init; }

    /// <summary>
    /// The distinct statement shapes of some scopes, in order of first appearance, each with one sample: the
    /// first raw event of the shape a scope kept (live capture keeps them, with parameters), else the text the
    /// log reader kept for it (<paramref name="texts"/>, by fingerprint id), else, when
    /// <paramref name="normalisedFallback"/>, the normalised text; shapes with no sample at all are left out.
    /// </summary>
    /// <param name="scopes">The analysed scopes.</param>
    /// <param name="texts">Executed texts by fingerprint id, for shapes whose scopes kept no raw event.</param>
    /// <param name="include">Which shapes to keep (e.g. SELECTs only); all when <see langword="null"/>.</param>
    /// <param name="provider">Only events run on this database (or of unknown database) are samples; any when <see langword="null"/>.</param>
    /// <param name="normalisedFallback">Whether a shape with no executed text is sampled by its normalised text.</param>
    /// <returns>The shapes with their samples and totals.</returns>
    public static IReadOnlyList<SampledStatement> Collect(
        IEnumerable<QueryScope> scopes,
        IReadOnlyDictionary<string, string>? texts,
        Func<SqlFingerprint, bool>? include = null,
        DatabaseProvider? provider = null,
        bool normalisedFallback = false)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        var shapes = new Dictionary<string, Shape>(StringComparer.Ordinal);
        var order = new List<Shape>();
        foreach (var scope in scopes)
        {
            Dictionary<string, StatementGroup>? unsampled = null;
            foreach (var group in scope.Groups)
            {
                var fingerprint = group.Fingerprint;
                if (include is not null && !include(fingerprint))
                {
                    continue;
                }

                if (!shapes.TryGetValue(fingerprint.Id, out var shape))
                {
                    shape = new Shape(fingerprint, scope.Name, group.CallSite);
                    shapes.Add(fingerprint.Id, shape);
                    order.Add(shape);
                }

                shape.Count += group.Count;
                shape.Duration += group.TotalDuration;
                if (shape.Sample is null)
                {
                    (unsampled ??= new(StringComparer.Ordinal)).TryAdd(fingerprint.Id, group);
                }
            }

            if (unsampled is null)
            {
                continue;
            }

            foreach (var queryEvent in scope.Events)
            {
                if (unsampled.Count == 0)
                {
                    break;
                }

                if (provider is { } wanted && !Matches(queryEvent.Db, wanted))
                {
                    continue;
                }

                var id = SqlFingerprint.Of(queryEvent.Sql).Id;
                if (unsampled.Remove(id, out var group))
                {
                    var shape = shapes[id];
                    (shape.Sample, shape.Scope, shape.CallSite) = (queryEvent, scope.Name, group.CallSite);
                }
            }
        }

        var statements = new List<SampledStatement>(order.Count);
        foreach (var shape in order)
        {
            var sample = SampleOf(shape.Sample, shape.Fingerprint, texts, normalisedFallback);
            if (sample is not null)
            {
                statements.Add(new SampledStatement
                {
                    Fingerprint = shape.Fingerprint,
                    Sample = sample,
                    Scope = shape.Scope,
                    CallSite = shape.CallSite,
                    Count = shape.Count,
                    TotalDuration = shape.Duration,
                });
            }
        }

        return statements;
    }

    /// <summary>
    /// The statement shapes of a streamed analysis (<see cref="Analysis.WorkloadShape"/>), each with its first kept
    /// event when it ran on <paramref name="provider"/>, else the text the log reader kept, else (when
    /// <paramref name="normalisedFallback"/>) the normalised text; shapes with no sample at all are left out.
    /// </summary>
    public static IReadOnlyList<SampledStatement> FromShapes(
        IEnumerable<Analysis.WorkloadShape> shapes,
        IReadOnlyDictionary<string, string>? texts,
        Func<SqlFingerprint, bool>? include = null,
        DatabaseProvider? provider = null,
        bool normalisedFallback = false)
    {
        ArgumentNullException.ThrowIfNull(shapes);
        var statements = new List<SampledStatement>();
        foreach (var shape in shapes)
        {
            if (include is not null && !include(shape.Fingerprint))
            {
                continue;
            }

            var kept = shape.Sample is { } first && (provider is not { } wanted || Matches(first.Db, wanted)) ? first : null;
            var sample = SampleOf(kept, shape.Fingerprint, texts, normalisedFallback);
            if (sample is not null)
            {
                statements.Add(new SampledStatement
                {
                    Fingerprint = shape.Fingerprint,
                    Sample = sample,
                    Scope = shape.Scope,
                    CallSite = shape.CallSite,
                    Count = (int)Math.Min(shape.Count, int.MaxValue),
                    TotalDuration = shape.TotalDuration,
                });
            }
        }

        return statements;
    }

    /// <summary>
    /// The statements of a batch sample (one command holding several, as EF Core's <c>SaveChanges</c> sends on
    /// PostgreSQL), each as a shape of its own with the batch's count and parameters; a single statement as it is.
    /// </summary>
    /// <param name="provider">The database's dialect.</param>
    /// <returns>One sampled statement per part.</returns>
    public IEnumerable<SampledStatement> Split(DatabaseProvider provider)
    {
        var parts = StatementPlaceholders.Split(Sample.Sql);
        if (parts.Count <= 1)
        {
            return [this];
        }

        return parts.Select(part => this with
        {
            Fingerprint = SqlFingerprint.Of(part),
            Sample = Sample with { Sql = part },
            TotalDuration = TotalDuration / parts.Count,
        });
    }

    /// <summary>A shape's sample: its kept event, else the text the log reader kept, else (when asked) its normalised text.</summary>
    private static QueryEvent? SampleOf(QueryEvent? kept, SqlFingerprint fingerprint, IReadOnlyDictionary<string, string>? texts, bool normalisedFallback) =>
        kept
        ?? (texts is not null && texts.TryGetValue(fingerprint.Id, out var text) ? new QueryEvent { Sql = text } : null)
        ?? (normalisedFallback ? new QueryEvent { Sql = fingerprint.Text } : null);

    private static bool Matches(string? db, DatabaseProvider provider) =>
        db is null || provider switch
        {
            DatabaseProvider.Sqlite => string.Equals(db, "sqlite", StringComparison.OrdinalIgnoreCase),
            DatabaseProvider.PostgreSql => db.Equals("postgresql", StringComparison.OrdinalIgnoreCase) || db.Equals("postgres", StringComparison.OrdinalIgnoreCase),
            _ => false,
        };

    private sealed class Shape(SqlFingerprint fingerprint, string scope, CallSite callSite)
    {
        public SqlFingerprint Fingerprint { get; } = fingerprint;

        public string Scope { get; set; } = scope;

        public CallSite CallSite { get; set; } = callSite;

        public QueryEvent? Sample { get; set; }

        public int Count { get; set; }

        public TimeSpan Duration { get; set; }
    }
}
