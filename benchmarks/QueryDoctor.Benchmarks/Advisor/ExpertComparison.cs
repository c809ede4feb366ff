using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using QueryDoctor.Advisor;
using QueryDoctor.Inspection;

namespace QueryDoctor.Benchmarks.Advisor;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/QueryDoctor.Benchmarks -- advisor-vs-expert</c>: the same
/// reference workload given to sqlite3's <c>.expert</c> (one statement at a time, as it works) and to
/// QueryDoctor's advisor (the whole workload); prints how many indexes each proposes and how many
/// statements each index set serves, judged by EXPLAIN QUERY PLAN with the indexes in place.
/// </summary>
internal static partial class ExpertComparison
{
    public static int Run()
    {
        var basePath = Path.Combine(Path.GetTempPath(), "querydoctor-expert-base.db");
        Console.Error.WriteLine("building the reference database…");
        ReferenceWorkload.Create(basePath);

        var expert = new List<string>();
        foreach (var (sql, values, _) in ReferenceWorkload.Statements)
        {
            foreach (var ddl in ExpertFor(basePath, Inline(sql, values)))
            {
                if (!expert.Any(e => Key(e) == Key(ddl)))
                {
                    expert.Add(ddl);
                }
            }
        }

        List<string> ours;
        using (var connection = ReferenceWorkload.Open(basePath))
        {
            ours = [.. new IndexAdvisor(connection, DatabaseProvider.Sqlite, new IndexAdvisorOptions { MaxIndexes = 20 })
                .AdviseAsync(ReferenceWorkload.AsWorkload()).GetAwaiter().GetResult().Recommendations.Select(r => r.Ddl)];
        }

        Console.WriteLine("| advisor | indexes | statements served (of " + ReferenceWorkload.Statements.Length.ToString(CultureInfo.InvariantCulture) + ") |");
        Console.WriteLine("| --- | ---: | ---: |");
        Console.WriteLine($"| teams, by hand | {ReferenceWorkload.HandIndexes.Length} | {Served(basePath, ReferenceWorkload.HandIndexes)} |");
        Console.WriteLine($"| sqlite3 `.expert` | {expert.Count} | {Served(basePath, expert)} |");
        Console.WriteLine($"| QueryDoctor | {ours.Count} | {Served(basePath, ours)} |");
        Console.WriteLine();
        Console.WriteLine("sqlite3 .expert:");
        expert.ForEach(e => Console.WriteLine("  " + e));
        Console.WriteLine("QueryDoctor:");
        ours.ForEach(e => Console.WriteLine("  " + e));
        return 0;
    }

    /// <summary>Statements whose plan searches an index for every table it filters (no full scan, no temp sort) with these indexes.</summary>
    private static int Served(string basePath, IEnumerable<string> indexes)
    {
        var path = basePath + ".served.db";
        File.Copy(basePath, path, overwrite: true);
        try
        {
            using var connection = ReferenceWorkload.Open(path);
            foreach (var ddl in indexes)
            {
                ReferenceWorkload.Execute(connection, ddl);
            }

            ReferenceWorkload.Execute(connection, "ANALYZE");
            var served = 0;
            foreach (var (sql, values, _) in ReferenceWorkload.Statements)
            {
                using var command = connection.CreateCommand();
                command.CommandText = "EXPLAIN QUERY PLAN " + Inline(sql, values);
                var lines = new List<string>();
                using (var reader = command.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        lines.Add(reader.GetString(3));
                    }
                }

                if (!lines.Any(l => (l.StartsWith("SCAN ", StringComparison.Ordinal) && !l.Contains("CONSTANT ROW", StringComparison.Ordinal)) || l.Contains("TEMP B-TREE", StringComparison.Ordinal)))
                {
                    served++;
                }
            }

            return served;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    private static List<string> ExpertFor(string database, string sql)
    {
        var start = new ProcessStartInfo("sqlite3", [database])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start sqlite3");
        process.StandardInput.WriteLine(".expert");
        process.StandardInput.WriteLine(sql + ";");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return [.. output.Split('\n').Where(l => l.StartsWith("CREATE INDEX", StringComparison.Ordinal)).Select(l => l.TrimEnd(';', ' ', '\r'))];
    }

    private static string Inline(string sql, object[] values)
    {
        for (var i = values.Length - 1; i >= 0; i--)
        {
            var literal = values[i] is string s ? "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'" : Convert.ToString(values[i], CultureInfo.InvariantCulture);
            sql = sql.Replace("@p" + i.ToString(CultureInfo.InvariantCulture), literal, StringComparison.Ordinal);
        }

        return sql;
    }

    /// <summary>An index's table and key, whatever its name: "votes(list_item_id)".</summary>
    private static string Key(string ddl)
    {
        var match = OnClause().Match(ddl);
        return match.Success ? Regex.Replace(match.Value, @"\s+", "", RegexOptions.None, TimeSpan.FromSeconds(1)).ToUpperInvariant() : ddl;
    }

    [GeneratedRegex(@"ON\s+.*$", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex OnClause();
}
