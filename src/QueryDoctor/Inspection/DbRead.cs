using System.Data.Common;
using System.Globalization;

namespace QueryDoctor.Inspection;

/// <summary>Small provider-neutral helpers for catalog queries over a plain <see cref="DbConnection"/>.</summary>
internal static class DbRead
{
    public static async Task EnsureOpenAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync(cancellationToken);
        }
    }

    /// <summary>Runs a query and maps every row.</summary>
    public static async Task<List<T>> QueryAsync<T>(
        DbConnection connection,
        string sql,
        Func<DbDataReader, T> map,
        CancellationToken cancellationToken,
        DbTransaction? transaction = null,
        params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    public static string Text(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? "" : Convert.ToString(reader.GetValue(ordinal), CultureInfo.InvariantCulture) ?? "";

    public static string? TextOrNull(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Convert.ToString(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    public static long Integer(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? 0 : Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    public static long? IntegerOrNull(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    public static double Real(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? 0 : Convert.ToDouble(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    public static bool Flag(DbDataReader reader, int ordinal) =>
        !reader.IsDBNull(ordinal) && reader.GetValue(ordinal) switch
        {
            bool b => b,
            string s => s is "1" or "t" or "true",
            var other => Convert.ToInt64(other, CultureInfo.InvariantCulture) != 0,
        };

    /// <summary>A value a user gave for a parameter, reduced to a scalar a plan can use (first element of a list).</summary>
    public static object? Scalar(object? value) => value switch
    {
        null or string => value,
        System.Collections.IEnumerable list => First(list),
        _ => value,
    };

    private static object? First(System.Collections.IEnumerable list)
    {
        foreach (var item in list)
        {
            return Scalar(item);
        }

        return null;
    }
}
