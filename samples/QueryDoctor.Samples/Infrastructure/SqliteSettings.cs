using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace QueryDoctor.Samples.Infrastructure;

/// <summary>
/// Sets <c>PRAGMA synchronous=NORMAL</c> on every SQLite connection EF Core opens. Runs on the connection
/// directly, outside EF's command pipeline, so it is never recorded as one of the application's queries.
/// </summary>
internal sealed class SqliteSettings : DbConnectionInterceptor
{
    public static readonly SqliteSettings Instance = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous=NORMAL";
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = "PRAGMA synchronous=NORMAL";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
