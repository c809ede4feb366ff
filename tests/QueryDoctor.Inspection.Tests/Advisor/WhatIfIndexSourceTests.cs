using Microsoft.Data.Sqlite;
using QueryDoctor.Inspection;
using Shouldly;

namespace QueryDoctor.Inspection.Tests.Advisor;

/// <summary>What-if indexes come from the database's inspector (one folder per database), not from a switch in the advisor.</summary>
public sealed class WhatIfIndexSourceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public void For_EverySupportedProvider_InspectorMakesWhatIfIndexes(DatabaseProvider provider)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");

        DatabaseInspector.For(connection, provider).ShouldBeAssignableTo<IWhatIfIndexSource>();
    }

    [Fact]
    public async Task StartWhatIfAsync_Sqlite_CandidateIsPlannedThenRolledBack()
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync(Ct);
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE votes (id INTEGER PRIMARY KEY, list_item_id INTEGER NOT NULL, user_id INTEGER NOT NULL)";
            await create.ExecuteNonQueryAsync(Ct);
        }

        var inspector = DatabaseInspector.For(connection, DatabaseProvider.Sqlite);
        const string Sql = "SELECT count(*) FROM votes WHERE list_item_id = 7";
        var table = (await inspector.ReadSchemaAsync(Ct)).Tables.ShouldHaveSingleItem();
        (await inspector.ExplainAsync(Sql, cancellationToken: Ct)).Text.ShouldNotContain("qd_whatif");

        string name;
        await using (var whatIf = await ((IWhatIfIndexSource)inspector).StartWhatIfAsync(scratchCopy: false, Ct))
        {
            name = await whatIf.CreateAsync(table, ["list_item_id"], [false], Ct);
            (await inspector.ExplainAsync(Sql, cancellationToken: Ct)).Text.ShouldContain(name);
        }

        (await inspector.ExplainAsync(Sql, cancellationToken: Ct)).Text.ShouldNotContain(name);
        (await inspector.ReadSchemaAsync(Ct)).Tables.ShouldHaveSingleItem().Indexes.ShouldNotContain(i => i.Name == name);
    }
}
