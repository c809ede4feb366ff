using QueryDoctor.Recording;
using QueryDoctor.Sql;

namespace QueryDoctor.Analysis;

/// <summary>
/// The statement shapes of all instances judged so far, merged by fingerprint: memory grows with the distinct
/// shapes, never with the instances. Not thread-safe (the analyzer holds its lock).
/// </summary>
internal sealed class WorkloadShapes
{
    private readonly Dictionary<string, Shape> _shapes = new(StringComparer.Ordinal);
    private readonly List<Shape> _order = [];
    private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);

    public void Add(QueryScope scope)
    {
        Dictionary<string, Shape>? unsampled = null;
        foreach (var group in scope.GroupSpan)
        {
            var fingerprint = group.Fingerprint;
            if (!_shapes.TryGetValue(fingerprint.Id, out var shape))
            {
                shape = new Shape(fingerprint, scope.Name, group.CallSite);
                _shapes.Add(fingerprint.Id, shape);
                _order.Add(shape);
            }

            shape.Count += group.Count;
            shape.Duration += group.TotalDuration;
            if (shape.Sample is null && scope.Events.Count > 0)
            {
                (unsampled ??= new(StringComparer.Ordinal)).TryAdd(fingerprint.Id, shape);
            }
        }

        if (unsampled is null)
        {
            return;
        }

        foreach (var queryEvent in scope.Events)
        {
            if (unsampled.Count == 0)
            {
                break;
            }

            var id = SqlFingerprint.Of(queryEvent.Sql).Id;
            if (unsampled.Remove(id, out var shape))
            {
                (shape.Sample, shape.Scope, shape.CallSite) = (queryEvent, scope.Name, queryEvent.CallSite);
            }
        }
    }

    /// <summary>Keeps the first executed text of a SELECT shape, for shapes whose instances keep no raw event.</summary>
    public void AddText(SqlFingerprint fingerprint, ReadOnlySpan<char> sql)
    {
        if (fingerprint.Kind == SqlStatementKind.Select && !_texts.ContainsKey(fingerprint.Id))
        {
            _texts.Add(fingerprint.Id, sql.ToString());
        }
    }

    public IReadOnlyList<WorkloadShape> Snapshot() =>
        [.. _order.Select(s => new WorkloadShape(s.Fingerprint, s.Sample, s.Scope, s.CallSite, s.Count, s.Duration))];

    public IReadOnlyDictionary<string, string> Texts() => new Dictionary<string, string>(_texts, StringComparer.Ordinal);

    private sealed class Shape(SqlFingerprint fingerprint, string scope, CallSite callSite)
    {
        public SqlFingerprint Fingerprint { get; } = fingerprint;

        public string Scope { get; set; } = scope;

        public CallSite CallSite { get; set; } = callSite;

        public QueryEvent? Sample { get; set; }

        public long Count { get; set; }

        public TimeSpan Duration { get; set; }
    }
}
