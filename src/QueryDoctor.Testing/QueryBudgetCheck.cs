using System.Globalization;
using System.Text;
using QueryDoctor.Sql;

namespace QueryDoctor.Testing;

/// <summary>At most N statements in the scope, optionally of one kind, or at most N round trips.</summary>
internal sealed class QueryBudgetCheck(int max, SqlStatementKind? kind, bool roundTrips) : QueryCheck
{
    public override ValueTask<string?> CheckAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var groups = context.Scope.Groups.Where(g => kind is null || g.Fingerprint.Kind == kind).ToList();

        // The scope's own totals when every kind counts: one SaveChanges batch spanning several statement shapes
        // is one round trip for the scope but one per group.
        var actual = kind is not null
            ? (roundTrips ? groups.Sum(g => g.RoundTrips) : groups.Sum(g => g.Count))
            : (roundTrips ? context.Scope.RoundTrips : context.Scope.StatementCount);

        if (actual <= max)
        {
            return ValueTask.FromResult<string?>(null);
        }

        var prefix = kind is { } k ? k.ToString().ToUpperInvariant() + " " : "";
        var budget = roundTrips ? FailureText.Plural(max, "round trip", "round trips") : FailureText.Plural(max, prefix + "query", prefix + "queries");
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"at most {budget}: {actual} ran");
        var listed = groups.OrderByDescending(g => g.Count).ThenBy(g => g.FirstIndex).ToList();
        foreach (var group in listed.Take(FailureText.MaxListed))
        {
            FailureText.AppendGroup(text, group, roundTrips ? group.RoundTrips.ToString(CultureInfo.InvariantCulture) : null);
        }

        if (listed.Count > FailureText.MaxListed)
        {
            text.Append('\n');
            text.Append(CultureInfo.InvariantCulture, $"{FailureText.Indent}… and {listed.Count - FailureText.MaxListed} more statement shapes");
        }

        return ValueTask.FromResult<string?>(text.ToString());
    }
}
