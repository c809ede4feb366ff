using Npgsql;
using QueryDoctor.TestSupport;
using Shouldly;

namespace QueryDoctor.Cli.Tests.Database;

public sealed class PostgresClusterTests
{
    [Fact]
    public async Task Throwaway_cluster_serves_fresh_databases_on_loopback()
    {
        var cluster = await PostgresCluster.GetAsync();

        var first = await cluster.CreateDatabaseAsync("cluster_probe");
        var second = await cluster.CreateDatabaseAsync("cluster_probe");

        first.ShouldNotBe(second);
        await using var connection = new NpgsqlConnection(first);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT current_database(), inet_server_addr()::text", connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        (await reader.ReadAsync(TestContext.Current.CancellationToken)).ShouldBeTrue();
        reader.GetString(0).ShouldStartWith("cluster_probe_");
        reader.GetString(1).ShouldStartWith("127.0.0.1");
    }
}
