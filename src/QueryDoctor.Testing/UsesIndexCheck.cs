using System.Globalization;
using System.Text;
using QueryDoctor.Detection;
using QueryDoctor.Inspection;
using QueryDoctor.Recording;
using QueryDoctor.Sql;

namespace QueryDoctor.Testing;

/// <summary>
/// The plan of a captured statement (found by fingerprint id or a pattern over its normalised SQL), or of
/// the given SQL itself, reads no table by a plain scan; with an index name, that index is used.
/// </summary>
internal sealed class UsesIndexCheck(IDatabaseInspector inspector, string statement, string? indexName) : QueryCheck
{
    public override bool IsAsync => true;

    public override async ValueTask<string?> CheckAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var name = indexName is null ? $"'{FailureText.Sql(statement)}' uses an index" : $"'{FailureText.Sql(statement)}' uses index {indexName}";
        var targets = Targets(context.Scope);
        if (targets.Count == 0)
        {
            return $"{name}: no captured statement matches it ({FailureText.Plural(context.Scope.Events.Count, "statement", "statements")} kept), " +
                "and it is not a SELECT that can be explained on its own";
        }

        var text = new StringBuilder();
        var failed = 0;
        foreach (var (sql, parameters, fingerprint, callSite) in targets)
        {
            var plan = await inspector.ExplainAsync(sql, parameters, cancellationToken);
            var scans = plan.Accesses.Where(a => a.Kind == TableAccessKind.Scan && a.IndexName is null).ToList();
            string? problem = null;
            if (indexName is not null && !plan.Accesses.Any(a => string.Equals(a.IndexName, indexName, StringComparison.OrdinalIgnoreCase)))
            {
                var used = plan.Accesses.Where(a => a.IndexName is not null).Select(a => a.IndexName!).Distinct().ToList();
                problem = used.Count == 0 ? "uses no index" : $"uses {string.Join(", ", used)} instead";
            }
            else if (scans.Count > 0)
            {
                problem = "scans " + string.Join(", ", scans.Select(a => a.Table).Distinct()) + " without an index";
            }

            if (problem is null)
            {
                continue;
            }

            failed++;
            text.Append('\n');
            text.Append(CultureInfo.InvariantCulture, $"{FailureText.Indent}{FailureText.Sql(fingerprint.Text)}");
            text.Append('\n');
            text.Append(CultureInfo.InvariantCulture, $"{FailureText.Indent}  at {FailureText.CallSite(callSite)}");
            text.Append('\n');
            text.Append(CultureInfo.InvariantCulture, $"{FailureText.Indent}  plan: {problem}");
        }

        if (failed == 0)
        {
            return null;
        }

        var fix = indexName is null
            ? "add an index on the filtered columns (querydoctor analyze --db suggests one), or check the statement can use the existing one"
            : $"check that {indexName} exists and its leading columns match the statement's filter";
        text.Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"{FailureText.Indent}  fix: {fix}");
        return $"{name}: {FailureText.Plural(failed, "statement does not", "statements do not")}" + text;
    }

    private List<(string Sql, IReadOnlyList<QueryParameter>? Parameters, SqlFingerprint Fingerprint, CallSite CallSite)> Targets(QueryScope scope)
    {
        var byId = statement.Length == 16 && statement.All(char.IsAsciiHexDigit);
        var pattern = new Suppression { Sql = statement };
        var seen = new HashSet<SqlFingerprint>();
        var targets = new List<(string, IReadOnlyList<QueryParameter>?, SqlFingerprint, CallSite)>();
        foreach (var queryEvent in scope.Events)
        {
            var fingerprint = SqlFingerprinter.Shared.Analyze(queryEvent.Sql).Fingerprint;
            if (fingerprint.Kind != SqlStatementKind.Select || seen.Contains(fingerprint))
            {
                continue;
            }

            var matches = byId
                ? string.Equals(fingerprint.Id, statement, StringComparison.OrdinalIgnoreCase)
                : pattern.Matches(new Finding { Rule = "", Severity = Severity.Info, Message = "", Sql = fingerprint.Text, Fingerprint = fingerprint.Id });
            if (matches && seen.Add(fingerprint))
            {
                targets.Add((queryEvent.Sql, queryEvent.Parameters, fingerprint, queryEvent.CallSite));
            }
        }

        if (targets.Count == 0 && !byId)
        {
            var own = SqlFingerprinter.Shared.Analyze(statement).Fingerprint;
            if (own.Kind == SqlStatementKind.Select && own.MainTable is not null)
            {
                targets.Add((statement, null, own, CallSite.Unknown));
            }
        }

        return targets;
    }
}
