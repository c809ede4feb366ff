using QueryDoctor.Samples.DateTree;
using QueryDoctor.Samples.Tests.Infrastructure;

namespace QueryDoctor.Samples.Tests.DateTree;

/// <summary>A seeded DateTree database (scale 1) with the team's final indexes.</summary>
public sealed class DateTreeFixture : IDisposable
{
    public DateTreeFixture()
    {
        Test = new TestDatabase("datetree");
        using (var context = Create())
        {
            Test.Database.CreateTables(context);
        }

        DateTreeSeeder.Seed(Test.Database, 1);
        Naive = new NaiveCalendarService(Create);
        Optimised = new OptimisedCalendarService(Create);
    }

    public TestDatabase Test { get; }

    public NaiveCalendarService Naive { get; }

    public OptimisedCalendarService Optimised { get; }

    public DateTreeContext Create() => new(Test.Database.Options<DateTreeContext>());

    public void Dispose() => Test.Dispose();
}
