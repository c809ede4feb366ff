namespace QueryDoctor.Inspection.Tests.Databases;

/// <summary>One database per test class holding <see cref="TrapSchema"/>; the tests only read it.</summary>
public sealed class TrapDatabaseFixture<TDatabase> : IAsyncLifetime
    where TDatabase : TestDatabase, new()
{
    public TDatabase Database { get; } = new();

    public async ValueTask InitializeAsync()
    {
        await Database.InitializeAsync();
        await Database.ExecuteAsync(TrapSchema.Ddl);
    }

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}
