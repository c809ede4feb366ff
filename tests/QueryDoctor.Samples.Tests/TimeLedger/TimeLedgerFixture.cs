using QueryDoctor.Samples.TimeLedger;
using QueryDoctor.Samples.Tests.Infrastructure;

namespace QueryDoctor.Samples.Tests.TimeLedger;

/// <summary>One seeded TimeLedger database (scale 1) shared by a test class.</summary>
public sealed class TimeLedgerFixture : IDisposable
{
    public TimeLedgerFixture()
    {
        Test = new TestDatabase("timeledger");
        using var context = Create();
        Test.Database.CreateTables(context);
        TimeLedgerSeeder.Seed(context, 1);
        Naive = new NaiveScheduler(Create);
        Optimised = new OptimisedScheduler(Create);
    }

    public TestDatabase Test { get; }

    public NaiveScheduler Naive { get; }

    public OptimisedScheduler Optimised { get; }

    public TimeLedgerContext Create() => new(Test.Database.Options<TimeLedgerContext>());

    public void Dispose() => Test.Dispose();
}
