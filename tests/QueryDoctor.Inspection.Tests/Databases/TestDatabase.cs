using System.Data.Common;
using QueryDoctor.Inspection;

namespace QueryDoctor.Inspection.Tests.Databases;

/// <summary>
/// A real, throwaway database of one provider: the same test cases run against SQLite and PostgreSQL
/// through one abstract base and a subclass per provider.
/// </summary>
public abstract class TestDatabase : IAsyncLifetime
{
    /// <summary>The engine.</summary>
    public abstract DatabaseProvider Provider { get; }

    /// <summary>The connection string the inspector and the CLI are given.</summary>
    public abstract string ConnectionString { get; }

    /// <summary>Opens a connection used for set-up (read-write).</summary>
    public abstract Task<DbConnection> OpenWritableAsync();

    /// <summary>Opens a connection for inspection (read-only where the provider allows it).</summary>
    public abstract Task<DbConnection> OpenForInspectionAsync();

    /// <summary>A query yielding integers 1..count in a column named <c>i</c>.</summary>
    public abstract string Series(int count);

    /// <summary>Refreshes the planner's statistics after loading data.</summary>
    public abstract Task AnalyzeAsync();

    public abstract ValueTask InitializeAsync();

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>Runs statements separated by <c>;</c> at line ends.</summary>
    public async Task ExecuteAsync(string script)
    {
        await using var connection = await OpenWritableAsync();
        foreach (var statement in script.Split(";\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (statement.Trim(';').Length == 0)
            {
                continue;
            }

            await using var command = connection.CreateCommand();
            command.CommandText = statement.TrimEnd(';');
            await command.ExecuteNonQueryAsync();
        }
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = await OpenWritableAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync();
        return (T)Convert.ChangeType(value!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Reads the schema through a fresh inspection connection.</summary>
    public async Task<DatabaseSchema> ReadSchemaAsync()
    {
        await using var connection = await OpenForInspectionAsync();
        return await DatabaseInspector.For(connection, Provider).ReadSchemaAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Explains a statement through a fresh inspection connection.</summary>
    public async Task<QueryPlan> ExplainAsync(string sql, params QueryParameter[] parameters)
    {
        await using var connection = await OpenForInspectionAsync();
        return await DatabaseInspector.For(connection, Provider).ExplainAsync(sql, parameters, TestContext.Current.CancellationToken);
    }
}
