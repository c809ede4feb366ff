using System.Runtime.CompilerServices;
using QueryDoctor.Capture;
using QueryDoctor.Detection;
using QueryDoctor.Recording;

namespace QueryDoctor.Testing;

/// <summary>
/// Query budgets and assertions for any test framework: the failures are <see cref="QueryExpectationException"/>s,
/// which xunit, NUnit and MSTest all report as failed tests.
/// <code>
/// using var expect = QueryDoctorTest.Expect(capture, e => e.AtMostQueries(3).NoNPlusOne());
/// service.LoadOverview(calendarId);
/// </code>
/// </summary>
/// <remarks>
/// The class is <c>QueryDoctorTest</c>, not <c>QueryDoctor</c>: <c>QueryDoctor</c> is the root namespace, and a
/// namespace wins name lookup over a type, so <c>QueryDoctor.Expect(…)</c> would not compile in user code (the same
/// reason the core's scope is <see cref="QueryDoctorScope"/>). Every method works on a <see cref="QueryCapture"/>,
/// the object EF Core's <c>UseQueryDoctor(capture)</c> and ADO.NET's <c>connection.WithQueryDoctor(capture)</c> share.
/// </remarks>
public static class QueryDoctorTest
{
    /// <summary>
    /// Begins a scope (current for the code that follows, like <see cref="QueryDoctorScope.Begin"/>) whose queries
    /// must meet the expectations; disposing the result ends the scope and checks them.
    /// </summary>
    /// <param name="capture">The capture the code under test runs its queries through.</param>
    /// <param name="expectations">The expectations, e.g. <c>e => e.AtMostQueries(3).NoNPlusOne()</c>.</param>
    /// <param name="scopeName">The scope's name in messages; the calling method's name by default.</param>
    /// <returns>The running expectation; dispose it (or call <see cref="QueryExpectation.Verify"/>) to check.</returns>
    /// <exception cref="InvalidOperationException">The capture samples scopes (<see cref="QueryDoctorOptions.SampleRate"/> below 1): the scope might not be recorded.</exception>
    public static QueryExpectation Expect(QueryCapture capture, Action<QueryExpectationBuilder> expectations, [CallerMemberName] string scopeName = "")
    {
        var builder = Build(capture, expectations);
        var scope = QueryDoctorScope.Begin(NameOr(scopeName, "test"), capture.Options.TimeProvider);
        return new QueryExpectation(capture, builder, scope);
    }

    /// <summary>
    /// Runs <paramref name="act"/> in a scope and checks the expectations when it completes. When it throws, its
    /// exception propagates unchanged and the expectations are not checked: nothing masks the test's own failure.
    /// </summary>
    /// <param name="capture">The capture the code under test runs its queries through.</param>
    /// <param name="expectations">The expectations.</param>
    /// <param name="act">The code under test.</param>
    /// <param name="scopeName">The scope's name in messages; the calling method's name by default.</param>
    /// <returns>The capture's report of the scope (an empty report when it saw no queries).</returns>
    /// <exception cref="QueryExpectationException">An expectation failed.</exception>
    public static ScopeReport? Verify(QueryCapture capture, Action<QueryExpectationBuilder> expectations, Action act, [CallerMemberName] string scopeName = "")
    {
        ArgumentNullException.ThrowIfNull(act);
        var expectation = Expect(capture, expectations, scopeName);
        try
        {
            act();
        }
        catch
        {
            End(expectation);
            throw;
        }

        expectation.Verify();
        return expectation.Report;
    }

    /// <summary>As <see cref="Verify(QueryCapture, Action{QueryExpectationBuilder}, Action, string)"/>, for asynchronous code.</summary>
    /// <param name="capture">The capture the code under test runs its queries through.</param>
    /// <param name="expectations">The expectations.</param>
    /// <param name="act">The code under test.</param>
    /// <param name="scopeName">The scope's name in messages; the calling method's name by default.</param>
    /// <returns>The capture's report of the scope (an empty report when it saw no queries).</returns>
    /// <exception cref="QueryExpectationException">An expectation failed.</exception>
    public static async Task<ScopeReport?> VerifyAsync(QueryCapture capture, Action<QueryExpectationBuilder> expectations, Func<Task> act, [CallerMemberName] string scopeName = "")
    {
        ArgumentNullException.ThrowIfNull(act);
        var expectation = Expect(capture, expectations, scopeName);
        try
        {
            await act();
        }
        catch
        {
            End(expectation);
            throw;
        }

        await expectation.VerifyAsync();
        return expectation.Report;
    }

    /// <summary>Checks expectations against a finished scope's report (from <see cref="QueryDoctorScope.ReportFor"/>, <see cref="QueryCapture.RecentScopes"/> or a callback).</summary>
    /// <param name="report">The report.</param>
    /// <param name="expectations">The expectations.</param>
    /// <exception cref="QueryExpectationException">An expectation failed.</exception>
    public static void Verify(ScopeReport report, Action<QueryExpectationBuilder> expectations)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(expectations);
        var builder = new QueryExpectationBuilder();
        expectations(builder);
        ExpectationRunner.Verify(report.Scope, report.Findings, report.Suppressed, builder, inner: null);
    }

    /// <summary>As <see cref="Verify(ScopeReport, Action{QueryExpectationBuilder})"/>, without blocking on database checks.</summary>
    /// <param name="report">The report.</param>
    /// <param name="expectations">The expectations.</param>
    /// <param name="cancellationToken">Cancels the database work.</param>
    /// <returns>A task that fails with <see cref="QueryExpectationException"/> when an expectation failed.</returns>
    public static Task VerifyAsync(ScopeReport report, Action<QueryExpectationBuilder> expectations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(expectations);
        var builder = new QueryExpectationBuilder();
        expectations(builder);
        return ExpectationRunner.VerifyAsync(report, builder, inner: null, cancellationToken);
    }

    /// <summary>
    /// The constant-queries check: runs <paramref name="act"/> at two data sizes, each in its own scope, and fails
    /// when the number of queries grows with the data (a query per row somewhere). The message shows both counts
    /// and the statements whose counts grew, with their call sites and the N+1 fix. Round trips are counted, so
    /// the commands of one <c>SaveChanges</c> batch count once.
    /// </summary>
    /// <param name="capture">The capture the code under test runs its queries through.</param>
    /// <param name="sizes">The two data sizes, smaller first, e.g. <c>(10, 100)</c>.</param>
    /// <param name="setup">Prepares the data for a size, outside the measured scope; <see langword="null"/> for none.</param>
    /// <param name="act">The code under test, given the size.</param>
    /// <param name="scopeName">The scopes' name in messages; the calling method's name by default.</param>
    /// <exception cref="QueryExpectationException">The larger size ran more queries.</exception>
    public static void AssertConstantQueries(QueryCapture capture, (int Small, int Large) sizes, Action<int>? setup, Action<int> act, [CallerMemberName] string scopeName = "")
    {
        ArgumentNullException.ThrowIfNull(act);
        CheckCapture(capture);
        CheckSizes(sizes);
        var small = Measure(capture, sizes.Small, setup, act, scopeName);
        var large = Measure(capture, sizes.Large, setup, act, scopeName);
        ConstantQueries.Check(NameOr(scopeName, "test"), sizes, small.Scope, large.Scope, large.Findings);
    }

    /// <summary>As <see cref="AssertConstantQueries"/>, for asynchronous code.</summary>
    /// <param name="capture">The capture the code under test runs its queries through.</param>
    /// <param name="sizes">The two data sizes, smaller first.</param>
    /// <param name="setup">Prepares the data for a size, outside the measured scope; <see langword="null"/> for none.</param>
    /// <param name="act">The code under test, given the size.</param>
    /// <param name="scopeName">The scopes' name in messages; the calling method's name by default.</param>
    /// <returns>A task that fails with <see cref="QueryExpectationException"/> when the larger size ran more queries.</returns>
    public static async Task AssertConstantQueriesAsync(QueryCapture capture, (int Small, int Large) sizes, Func<int, Task>? setup, Func<int, Task> act, [CallerMemberName] string scopeName = "")
    {
        ArgumentNullException.ThrowIfNull(act);
        CheckCapture(capture);
        CheckSizes(sizes);
        var small = await MeasureAsync(capture, sizes.Small, setup, act, scopeName);
        var large = await MeasureAsync(capture, sizes.Large, setup, act, scopeName);
        ConstantQueries.Check(NameOr(scopeName, "test"), sizes, small.Scope, large.Scope, large.Findings);
    }

    /// <summary>What a report holds, or an empty scope when the capture saw no queries.</summary>
    internal static (QueryScope Scope, IReadOnlyList<Finding> Findings, IReadOnlyList<SuppressedFinding> Suppressed) Judged(ScopeReport? report, string name) =>
        report is null ? (new QueryScopeBuilder(name).Build(), [], []) : (report.Scope, report.Findings, report.Suppressed);

    private static QueryExpectationBuilder Build(QueryCapture capture, Action<QueryExpectationBuilder> expectations)
    {
        CheckCapture(capture);
        ArgumentNullException.ThrowIfNull(expectations);
        var builder = new QueryExpectationBuilder();
        expectations(builder);
        return builder;
    }

    private static void CheckCapture(QueryCapture capture)
    {
        ArgumentNullException.ThrowIfNull(capture);
        if (capture.Options.SampleRate < 1)
        {
            throw new InvalidOperationException(
                "QueryDoctorTest needs every scope recorded, but the capture samples scopes (SampleRate below 1): a scope that is not sampled would pass unchecked.");
        }
    }

    private static void CheckSizes((int Small, int Large) sizes)
    {
        if (sizes.Small < 0 || sizes.Large <= sizes.Small)
        {
            throw new ArgumentOutOfRangeException(nameof(sizes), sizes, "sizes must be two non-negative sizes, the smaller first");
        }
    }

    private static string NameOr(string name, string fallback) => string.IsNullOrWhiteSpace(name) ? fallback : name;

    private static void End(QueryExpectation expectation)
    {
        try
        {
            expectation.Scope.Dispose();
        }
        catch (QueryDoctorException)
        {
            // The body's own exception is the one that matters.
        }
    }

    private static (QueryScope Scope, IReadOnlyList<Finding> Findings, IReadOnlyList<SuppressedFinding> Suppressed) Measure(QueryCapture capture, int size, Action<int>? setup, Action<int> act, string name)
    {
        setup?.Invoke(size);
        var scopeName = $"{NameOr(name, "test")} (size {size})";
        var scope = QueryDoctorScope.Begin(scopeName, capture.Options.TimeProvider);
        try
        {
            act(size);
        }
        finally
        {
            EndQuietly(scope);
        }

        return Judged(scope.ReportFor(capture), scopeName);
    }

    private static async Task<(QueryScope Scope, IReadOnlyList<Finding> Findings, IReadOnlyList<SuppressedFinding> Suppressed)> MeasureAsync(QueryCapture capture, int size, Func<int, Task>? setup, Func<int, Task> act, string name)
    {
        if (setup is not null)
        {
            await setup(size);
        }

        var scopeName = $"{NameOr(name, "test")} (size {size})";
        var scope = QueryDoctorScope.Begin(scopeName, capture.Options.TimeProvider);
        try
        {
            await act(size);
        }
        finally
        {
            EndQuietly(scope);
        }

        return Judged(scope.ReportFor(capture), scopeName);
    }

    private static void EndQuietly(QueryDoctorScope scope)
    {
        try
        {
            scope.Dispose();
        }
        catch (QueryDoctorException)
        {
            // Test mode's own findings are not what this check is about: the counts are.
        }
    }
}
