using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text;
using QueryDoctor.Capture;
using QueryDoctor.Detection;
using QueryDoctor.Recording;

namespace QueryDoctor.Testing;

/// <summary>Checks every expectation of a builder against one scope and throws one exception listing all failures.</summary>
internal static class ExpectationRunner
{
    public static void Verify(QueryScope scope, IReadOnlyList<Finding> findings, IReadOnlyList<SuppressedFinding> suppressed, QueryExpectationBuilder builder, Exception? inner)
    {
        // Checks that talk to the database run on the pool, away from the caller's synchronization context,
        // so blocking on them cannot deadlock a test framework's single-threaded context.
        if (builder.Checks.Any(c => c.IsAsync))
        {
            Task.Run(() => VerifyAsync(scope, findings, suppressed, builder, inner, CancellationToken.None)).GetAwaiter().GetResult();
        }
        else
        {
            VerifyAsync(scope, findings, suppressed, builder, inner, CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    public static Task VerifyAsync(ScopeReport report, QueryExpectationBuilder builder, Exception? inner, CancellationToken cancellationToken) =>
        VerifyAsync(report.Scope, report.Findings, report.Suppressed, builder, inner, cancellationToken);

    public static async Task VerifyAsync(
        QueryScope scope,
        IReadOnlyList<Finding> findings,
        IReadOnlyList<SuppressedFinding> suppressed,
        QueryExpectationBuilder builder,
        Exception? inner,
        CancellationToken cancellationToken)
    {
        var failing = new List<Finding>();
        var quiet = new List<SuppressedFinding>(suppressed);
        var baselined = new List<Finding>();
        foreach (var finding in findings)
        {
            if (builder.Allowed.FirstOrDefault(s => s.Matches(finding)) is { } suppression)
            {
                quiet.Add(new SuppressedFinding { Finding = finding, By = suppression.ToString() });
            }
            else if (builder.IsBaselined(finding))
            {
                baselined.Add(finding);
            }
            else
            {
                failing.Add(finding);
            }
        }

        var context = new CheckContext { Scope = scope, Findings = failing, Suppressed = quiet, Baselined = baselined };
        var failures = new List<string>();
        foreach (var check in builder.Checks)
        {
            if (await check.CheckAsync(context, cancellationToken) is { } failure)
            {
                failures.Add(failure);
            }
        }

        if (failures.Count == 0)
        {
            if (inner is not null)
            {
                ExceptionDispatchInfo.Capture(inner).Throw();
            }

            return;
        }

        throw new QueryExpectationException(Describe(scope, builder.Checks.Count, failures, context), [.. failures.Select(f => f.Split('\n')[0].TrimEnd())], inner);
    }

    private static string Describe(QueryScope scope, int checks, List<string> failures, CheckContext context)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"QueryDoctor: {failures.Count} of {FailureText.Plural(checks, "query expectation", "query expectations")} failed in scope '{scope.Name}' ");
        text.Append(CultureInfo.InvariantCulture,
            $"({FailureText.Plural(scope.StatementCount, "statement", "statements")}, {FailureText.Plural(scope.RoundTrips, "round trip", "round trips")}):");
        foreach (var failure in failures)
        {
            text.Append('\n');
            text.Append("  - ").Append(failure);
        }

        if (context.Baselined.Count > 0)
        {
            text.Append('\n');
            text.Append(CultureInfo.InvariantCulture, $"  Baselined (known, not failing): {context.Baselined.Count}");
            foreach (var finding in context.Baselined)
            {
                FailureText.AppendFinding(text, finding, "baselined");
            }
        }

        if (context.Suppressed.Count > 0)
        {
            text.Append('\n');
            text.Append(CultureInfo.InvariantCulture, $"  Suppressed (not failing): {context.Suppressed.Count}");
            foreach (var suppressed in context.Suppressed)
            {
                FailureText.AppendSuppressed(text, suppressed);
            }
        }

        return text.ToString();
    }
}
