using QueryDoctor.Capture;
using Shouldly;

namespace QueryDoctor.Tests.Capture;

/// <summary>The one failure reporter of the capture and the middleware: once per kind, never throws.</summary>
public sealed class FailureReporterTests
{
    [Fact]
    public void Report_SameKindTwice_LogsOnce()
    {
        var reporter = new FailureReporter();
        var logged = new List<string>();

        reporter.Report("scope end", new InvalidOperationException("a"), (_, kind) => logged.Add(kind));
        reporter.Report("scope end", new InvalidOperationException("b"), (_, kind) => logged.Add(kind));
        reporter.Report("detector n-plus-one", new InvalidOperationException("c"), (_, kind) => logged.Add(kind));

        logged.ShouldBe(["scope end", "detector n-plus-one"]);
    }

    [Fact]
    public void Report_LoggerThrows_DoesNotThrow()
    {
        var reporter = new FailureReporter();

        Should.NotThrow(() => reporter.Report("sink", new InvalidOperationException("a"), (_, _) => throw new InvalidOperationException("logger broke")));
    }

    [Fact]
    public void Report_NoLoggerTheFirstTime_KindCountsAsSeen()
    {
        var reporter = new FailureReporter();
        var logged = 0;

        reporter.Report("event log", new IOException("disk"), null);
        reporter.Report("event log", new IOException("disk"), (_, _) => logged++);

        logged.ShouldBe(0);
    }

    [Fact]
    public void Report_ManyThreadsSameKind_LogsOnce()
    {
        var reporter = new FailureReporter();
        var logged = 0;

        Parallel.For(0, 64, _ => reporter.Report("request end", new InvalidOperationException(), (_, _) => Interlocked.Increment(ref logged)));

        logged.ShouldBe(1);
    }
}
