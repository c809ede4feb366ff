using QueryDoctor.Samples.Infrastructure;

namespace QueryDoctor.Samples.Demo;

/// <summary>One source system in the demo: creates and seeds its database, then names its scenarios.</summary>
internal interface IDemoSystem
{
    /// <summary>The database name: <c>timeledger</c>, <c>datetree</c>, <c>studio</c>.</summary>
    string Name { get; }

    /// <summary>The system's display name.</summary>
    string Title { get; }

    /// <summary>Creates the tables and fills them (nothing is recorded).</summary>
    void Seed(SampleDatabase database, int scale);

    /// <summary>The scenarios over the seeded database.</summary>
    IEnumerable<DemoScenario> Scenarios(SampleDatabase database, int scale);
}
