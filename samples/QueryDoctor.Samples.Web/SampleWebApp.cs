using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using QueryDoctor.AspNetCore;
using QueryDoctor.Capture;
using QueryDoctor.Detection;
using QueryDoctor.EntityFrameworkCore;
using QueryDoctor.Inspection;
using QueryDoctor.Samples.DateTree;
using QueryDoctor.Samples.Infrastructure;

namespace QueryDoctor.Samples.Web;

/// <summary>
/// DateTree's API: the calendar overview written naively (lazy loading, one query per member, list and item) and
/// optimised (two queries), wired with QueryDoctor the way an application would be: <c>AddQueryDoctor()</c>,
/// EF Core reporting to the shared <see cref="QueryCapture"/>, <c>UseQueryDoctor()</c>.
/// </summary>
public static class SampleWebApp
{
    /// <summary>Builds the app on a freshly seeded SQLite database in a temporary folder (deleted when the app stops).</summary>
    /// <param name="args">Command-line arguments (<c>--urls</c>, <c>--environment</c>, …).</param>
    /// <param name="configure">Changes the builder before the app is built (tests use it).</param>
    /// <returns>The app, not started.</returns>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        var folder = Path.Combine(Path.GetTempPath(), "querydoctor-web-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var database = SampleDatabase.Open("datetree", folder, postgresConnectionString: null);
        using (var context = new DateTreeContext(database.Options<DateTreeContext>()))
        {
            database.CreateTables(context);
        }

        DateTreeSeeder.Seed(database, scale: 1);
        var connectionString = database.ConnectionString;

        builder.Services.AddQueryDoctor(options =>
        {
            options.ProcessTimeHeader = true;

            // The optimised overview loads members and the first events in one query on purpose (see
            // OptimisedCalendarService); the live-only cartesian-explosion rule would flag it.
            options.Capture.Detection = new DetectionOptions();
            options.Capture.Detection.DisabledRules.Add("cartesian-explosion");
            options.InspectSchema(DatabaseProvider.Sqlite, _ => new SqliteConnection(connectionString));
        });
        builder.Services.AddDbContextFactory<DateTreeContext>((services, options) => options
            .UseSqlite(connectionString)
            .UseLazyLoadingProxies()
            .UseQueryDoctor(services.GetRequiredService<QueryCapture>()));
        builder.Services.AddSingleton<Func<DateTreeContext>>(services => services.GetRequiredService<IDbContextFactory<DateTreeContext>>().CreateDbContext);
        builder.Services.AddSingleton<NaiveCalendarService>();
        builder.Services.AddSingleton<OptimisedCalendarService>();
        configure?.Invoke(builder);

        var app = builder.Build();
        // Deleted when the app stops, or at process exit when it never started (e.g. its options were invalid).
        var deleted = 0;
        void Delete()
        {
            if (Interlocked.Exchange(ref deleted, 1) != 0)
            {
                return;
            }

            database.Dispose();
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still open on this platform: the temporary folder is left behind.
            }
        }

        app.Lifetime.ApplicationStopped.Register(Delete);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Delete();

        app.UseQueryDoctor();
        MapEndpoints(app);
        return app;
    }

    private static void MapEndpoints(WebApplication app)
    {
        app.MapGet("/", () => Results.Text(
            """
            DateTree sample (QueryDoctor)
              GET /calendars/{id}/overview/naive   the calendar page, naive: an N+1 per member, list and item
              GET /calendars/{id}/overview         the calendar page, optimised: two queries
              GET /calendars/{id}/access/{userId}  owner-or-member check, one query
              GET /items/{id}/votes                an item's vote count
              GET /_querydoctor                    the dashboard (Development only)
            """));
        app.MapGet("/calendars/{id:int}/overview/naive", (int id, NaiveCalendarService service) =>
            service.Overview(id, DateTreeSeeder.Anchor, eventCount: 5));
        app.MapGet("/calendars/{id:int}/overview", (int id, OptimisedCalendarService service) =>
            service.Overview(id, DateTreeSeeder.Anchor, eventCount: 5));
        app.MapGet("/calendars/{id:int}/access/{userId:int}", (int id, int userId, OptimisedCalendarService service) =>
            new { calendar = id, user = userId, allowed = service.CanAccess(id, userId) });
        app.MapGet("/items/{id:int}/votes", (int id, OptimisedCalendarService service) =>
            new { item = id, votes = service.CountVotes(id) });
    }
}
