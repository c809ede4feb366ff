using QueryDoctor.Samples.Infrastructure;
using QueryDoctor.Samples.TimeLedger;

namespace QueryDoctor.Samples.Demo;

/// <summary>TimeLedger's scenarios: phase transitions over 7, 30 and 90 days, and expanding 10 rules.</summary>
internal sealed class TimeLedgerDemo : IDemoSystem
{
    public string Name => "timeledger";

    public string Title => "TimeLedger";

    public void Seed(SampleDatabase database, int scale)
    {
        using var context = Create(database);
        database.CreateTables(context);
        TimeLedgerSeeder.Seed(context, scale);
    }

    public IEnumerable<DemoScenario> Scenarios(SampleDatabase database, int scale)
    {
        var naive = new NaiveScheduler(() => Create(database));
        var optimised = new OptimisedScheduler(() => Create(database));
        foreach (var days in new[] { 7, 30, 90 })
        {
            yield return new DemoScenario
            {
                Id = $"timeledger.detect-phase-transitions.{days}d",
                Title = $"Phase transitions of an offering over {days} days",
                Naive = () => naive.DetectPhaseTransitions(1, TimeLedgerSeeder.Anchor, days),
                Optimised = () => optimised.DetectPhaseTransitions(1, TimeLedgerSeeder.Anchor, days),
            };
        }

        yield return new DemoScenario
        {
            Id = "timeledger.expand-rules.10",
            Title = "Expand 10 schedule rules into a week's sessions",
            Naive = () => naive.ExpandRules(TimeLedgerSeeder.Anchor, 10),
            Optimised = () => optimised.ExpandRules(TimeLedgerSeeder.Anchor, 10),
        };
    }

    private static TimeLedgerContext Create(SampleDatabase database) => new(database.Options<TimeLedgerContext>());
}
