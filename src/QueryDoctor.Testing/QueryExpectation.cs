using QueryDoctor.Capture;

namespace QueryDoctor.Testing;

/// <summary>
/// A running scope with expectations, from <see cref="QueryDoctorTest.Expect"/>. Disposing it (or calling
/// <see cref="Verify"/>) ends the scope and checks every expectation against what the capture recorded in it,
/// throwing one <see cref="QueryExpectationException"/> that lists all failures.
/// </summary>
/// <remarks>
/// <para>
/// C# gives a <c>Dispose</c> method no way to know that an exception is already on its way out of the
/// <c>using</c> block. When the test body throws and the expectations fail too, the exception from
/// <c>Dispose</c> replaces the body's: the body's own error is masked. Two ways to avoid it: call
/// <see cref="Verify"/> as the last statement of the block (then <c>Dispose</c> only ends the scope and never
/// throws), or pass the body to <see cref="QueryDoctorTest.Verify(QueryCapture, Action{QueryExpectationBuilder}, Action, string)"/>,
/// which checks only when the body completed.
/// </para>
/// <para>When the capture runs in <see cref="QueryDoctorMode.Test"/> and the scope's own <see cref="QueryDoctorException"/>
/// fires, it becomes the inner exception of the expectation failure, or is rethrown when every expectation held.</para>
/// </remarks>
public sealed class QueryExpectation : IDisposable, IAsyncDisposable
{
    private readonly QueryCapture _capture;
    private readonly QueryExpectationBuilder _expectations;
    private Exception? _scopeException;
    private bool _ended;
    private bool _verified;

    internal QueryExpectation(QueryCapture capture, QueryExpectationBuilder expectations, QueryDoctorScope scope)
    {
        _capture = capture;
        _expectations = expectations;
        Scope = scope;
    }

    /// <summary>The scope the expectations apply to; current until the expectation is verified or disposed.</summary>
    public QueryDoctorScope Scope { get; }

    /// <summary>The capture's report of the scope once it has ended; <see langword="null"/> before (an empty report when it saw no queries).</summary>
    public ScopeReport? Report { get; private set; }

    /// <summary>Ends the scope now and checks every expectation. Later calls, and <see cref="Dispose"/>, do nothing.</summary>
    /// <exception cref="QueryExpectationException">An expectation failed; the message lists every failure.</exception>
    public void Verify()
    {
        if (_verified)
        {
            return;
        }

        _verified = true;
        End();
        var (scope, findings, suppressed) = QueryDoctorTest.Judged(Report, Scope.Name);
        ExpectationRunner.Verify(scope, findings, suppressed, _expectations, _scopeException);
    }

    /// <summary>As <see cref="Verify"/>, without blocking on expectations that ask the database (<c>UsesIndex</c>).</summary>
    /// <param name="cancellationToken">Cancels the database work.</param>
    /// <returns>A task that fails with <see cref="QueryExpectationException"/> when an expectation failed.</returns>
    public Task VerifyAsync(CancellationToken cancellationToken = default)
    {
        if (_verified)
        {
            return Task.CompletedTask;
        }

        _verified = true;
        End();
        var (scope, findings, suppressed) = QueryDoctorTest.Judged(Report, Scope.Name);
        return ExpectationRunner.VerifyAsync(scope, findings, suppressed, _expectations, _scopeException, cancellationToken);
    }

    /// <summary>Ends the scope and, unless <see cref="Verify"/> ran already, checks the expectations (see the remarks on masking).</summary>
    /// <exception cref="QueryExpectationException">An expectation failed.</exception>
    public void Dispose() => Verify();

    /// <summary>Ends the scope and, unless verified already, checks the expectations without blocking.</summary>
    /// <returns>A task that fails with <see cref="QueryExpectationException"/> when an expectation failed.</returns>
    public ValueTask DisposeAsync() => new(VerifyAsync());

    private void End()
    {
        if (_ended)
        {
            return;
        }

        _ended = true;
        try
        {
            Scope.Dispose();
        }
        catch (QueryDoctorException exception)
        {
            _scopeException = exception;
        }

        Report = Scope.ReportFor(_capture);
    }
}
