using System.Diagnostics;
using System.Runtime.CompilerServices;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;
using QueryDoctor.TestSupport;

namespace QueryDoctor.Cli.Tests.Otlp;

/// <summary>
/// Real OpenTelemetry clients, no protocol mocks: applications with no QueryDoctor code run an N+1 against the
/// throwaway PostgreSQL and export their traces to <c>serve</c> on 127.0.0.1, which finds it at the right line.
/// </summary>
public sealed class RealClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DotNetApp_NpgsqlTracingOverOtlpProtobuf_ServeFindsNPlusOneAtTheQueryLine()
    {
        var connectionString = await SeedAsync();
        await using var receiver = await ServeTestSupport.StartAsync();
        var scope = "GET /authors " + Guid.NewGuid().ToString("N")[..8];

        // The application: Npgsql's own ActivitySource, the OTLP exporter over http/protobuf, and a processor that
        // adds code.* attributes (Npgsql's spans carry none) from the stack when a command starts.
        int queryLine;
        using (var tracing = Sdk.CreateTracerProviderBuilder()
                   .AddSource("Npgsql", ShopApp.Source.Name)
                   .AddProcessor(new CodeLocationProcessor())
                   .AddOtlpExporter(o =>
                   {
                       o.Endpoint = new Uri(receiver.Address, "v1/traces");
                       o.Protocol = OtlpExportProtocol.HttpProtobuf;
                   })
                   .Build())
        {
            queryLine = ShopApp.ListAuthors(connectionString, scope);
            Assert.True(tracing.ForceFlush(10_000));
        }

        using var http = new HttpClient();
        var finding = await ServeTestSupport.WaitForFindingAsync(http, receiver, "n-plus-one", scope);
        Assert.Equal(5, finding.GetProperty("count").GetInt32());
        Assert.Equal("books", finding.GetProperty("table").GetString());
        Assert.Equal($"{typeof(ShopApp).FullName}.{nameof(ShopApp.LoadBooks)} ({nameof(RealClientTests)}.cs:{queryLine})", finding.GetProperty("callSite").GetString());
        Assert.Equal(0, receiver.Summary.OrphanStatements);
    }

    [Fact]
    public async Task NodeApp_PgInstrumentationOverOtlpJson_ServeFindsNPlusOneAtTheQueryLine()
    {
        var connectionString = await SeedAsync();
        await using var receiver = await ServeTestSupport.StartAsync();
        var folder = Path.Combine(AppContext.BaseDirectory, "Otlp", "node-client");
        await EnsureNodeModulesAsync(folder);

        var node = await RunAsync(folder, "node", "index.js", new Dictionary<string, string>
        {
            ["OTLP_TRACES_URL"] = new Uri(receiver.Address, "v1/traces").ToString(),
            ["PG_CONNECTION"] = UrlOf(connectionString),
        });
        Assert.Contains("\"books\":10", node);

        using var http = new HttpClient();
        var finding = await ServeTestSupport.WaitForFindingAsync(http, receiver, "n-plus-one", "GET /authors");
        Assert.Equal(5, finding.GetProperty("count").GetInt32());
        Assert.Equal("books", finding.GetProperty("table").GetString());
        var line = Array.FindIndex(await File.ReadAllLinesAsync(Path.Combine(folder, "index.js"), Ct), l => l.Contains("FROM books", StringComparison.Ordinal)) + 1;
        Assert.Equal($"loadBooks (index.js:{line})", finding.GetProperty("callSite").GetString());
    }

    private static async Task<string> SeedAsync()
    {
        var cluster = await PostgresCluster.GetAsync();
        var connectionString = await cluster.CreateDatabaseAsync("otlp");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(
            """
            CREATE TABLE authors (id int PRIMARY KEY, name text NOT NULL);
            CREATE TABLE books (id serial PRIMARY KEY, author_id int NOT NULL REFERENCES authors (id), title text NOT NULL);
            INSERT INTO authors SELECT i, 'author ' || i FROM generate_series(1, 5) i;
            INSERT INTO books (author_id, title) SELECT a, 'book ' || b FROM generate_series(1, 5) a, generate_series(1, 2) b;
            """,
            connection);
        await command.ExecuteNonQueryAsync(Ct);
        return connectionString;
    }

    private static string UrlOf(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"postgresql://{Uri.EscapeDataString(builder.Username!)}@{builder.Host}:{builder.Port}/{Uri.EscapeDataString(builder.Database!)}";
    }

    private static async Task EnsureNodeModulesAsync(string folder)
    {
        if (!Directory.Exists(Path.Combine(folder, "node_modules")))
        {
            await RunAsync(folder, "npm", "ci --no-audit --no-fund", []);
        }
    }

    private static async Task<string> RunAsync(string folder, string file, string arguments, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromMinutes(5), Ct);
        Assert.True(process.ExitCode == 0, $"{file} {arguments} exited {process.ExitCode}: {await error}");
        return await output;
    }

    /// <summary>Adds the code location to each Npgsql command span, from the first frame of the application.</summary>
    private sealed class CodeLocationProcessor : BaseProcessor<Activity>
    {
        public override void OnStart(Activity data)
        {
            if (data.Source.Name != "Npgsql")
            {
                return;
            }

            var frame = new StackTrace(1, fNeedFileInfo: true).GetFrames().FirstOrDefault(f => f.GetMethod()?.DeclaringType == typeof(ShopApp));
            if (frame?.GetMethod() is { } method && frame.GetFileName() is { } path)
            {
                data.SetTag("code.function.name", method.DeclaringType!.FullName + "." + method.Name);
                data.SetTag("code.file.path", path);
                data.SetTag("code.line.number", frame.GetFileLineNumber());
            }
        }
    }

    /// <summary>The application's code: one request that lists authors, then loads each one's books (the N+1).</summary>
    internal static class ShopApp
    {
        public static readonly ActivitySource Source = new("Shop.App");

        public static int ListAuthors(string connectionString, string scope)
        {
            using var request = Source.StartActivity(scope, ActivityKind.Server)!;
            request.SetTag("http.request.method", "GET");
            request.SetTag("http.route", scope[4..]);
            using var connection = new NpgsqlConnection(connectionString);
            connection.Open();
            var ids = new List<int>();
            using (var command = new NpgsqlCommand("SELECT id FROM authors ORDER BY id", connection))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    ids.Add(reader.GetInt32(0));
                }
            }

            var line = 0;
            foreach (var id in ids)
            {
                line = LoadBooks(connection, id);
            }

            request.SetTag("http.response.status_code", 200);
            return line;
        }

        public static int LoadBooks(NpgsqlConnection connection, int authorId)
        {
            using var command = new NpgsqlCommand("SELECT title FROM books WHERE author_id = $1", connection) { Parameters = { new() { Value = authorId } } };
            using var reader = command.ExecuteReader(); var line = Line();
            while (reader.Read())
            {
            }

            return line;
        }

        private static int Line([CallerLineNumber] int line = 0) => line;
    }
}
