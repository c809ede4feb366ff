using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using QueryDoctor.Capture;

namespace QueryDoctor.EntityFrameworkCore;

/// <summary>The one line that turns on live capture for a <see cref="DbContext"/>.</summary>
public static class QueryDoctorDbContextOptionsBuilderExtensions
{
    private static readonly ConditionalWeakTable<Action<QueryDoctorOptions>, QueryCapture> CapturesByConfiguration = new();
    private static readonly Action<QueryDoctorOptions> Defaults = static _ => { };

    /// <summary>
    /// Records every command the context sends (readers, scalars, non-queries, sync and async, failed ones too)
    /// into the current <see cref="QueryDoctorScope"/> and judges each scope when it ends.
    /// One capture is created per <paramref name="configure"/> delegate and reused, so calling this from
    /// <c>OnConfiguring</c> or <c>AddDbContext</c> for every context instance is cheap; to share one capture
    /// across contexts, connections and tests explicitly, use <see cref="UseQueryDoctor(DbContextOptionsBuilder, QueryCapture)"/>.
    /// </summary>
    /// <param name="optionsBuilder">The context's options.</param>
    /// <param name="configure">Sets the options (mode, sinks, thresholds); defaults when <see langword="null"/>.</param>
    /// <returns>The same builder.</returns>
    public static DbContextOptionsBuilder UseQueryDoctor(this DbContextOptionsBuilder optionsBuilder, Action<QueryDoctorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(optionsBuilder);
        var capture = CapturesByConfiguration.GetValue(configure ?? Defaults, static action =>
        {
            var options = new QueryDoctorOptions();
            action(options);
            return new QueryCapture(options);
        });
        return optionsBuilder.UseQueryDoctor(capture);
    }

    /// <summary>Records the context's commands into <paramref name="capture"/>, shared with other contexts and connections.</summary>
    /// <param name="optionsBuilder">The context's options.</param>
    /// <param name="capture">The capture.</param>
    /// <returns>The same builder.</returns>
    public static DbContextOptionsBuilder UseQueryDoctor(this DbContextOptionsBuilder optionsBuilder, QueryCapture capture)
    {
        ArgumentNullException.ThrowIfNull(optionsBuilder);
        ArgumentNullException.ThrowIfNull(capture);
        // Commands are read from EF's diagnostic events (EntityFrameworkListener); the SaveChanges interceptor gives
        // batch ids and tells the listener which capture this context's commands belong to.
        return optionsBuilder.AddInterceptors(EntityFrameworkCapture.For(capture).SaveChanges);
    }

    /// <inheritdoc cref="UseQueryDoctor(DbContextOptionsBuilder, Action{QueryDoctorOptions})"/>
    /// <typeparam name="TContext">The context type.</typeparam>
    public static DbContextOptionsBuilder<TContext> UseQueryDoctor<TContext>(
        this DbContextOptionsBuilder<TContext> optionsBuilder, Action<QueryDoctorOptions>? configure = null)
        where TContext : DbContext =>
        (DbContextOptionsBuilder<TContext>)((DbContextOptionsBuilder)optionsBuilder).UseQueryDoctor(configure);

    /// <inheritdoc cref="UseQueryDoctor(DbContextOptionsBuilder, QueryCapture)"/>
    /// <typeparam name="TContext">The context type.</typeparam>
    public static DbContextOptionsBuilder<TContext> UseQueryDoctor<TContext>(this DbContextOptionsBuilder<TContext> optionsBuilder, QueryCapture capture)
        where TContext : DbContext =>
        (DbContextOptionsBuilder<TContext>)((DbContextOptionsBuilder)optionsBuilder).UseQueryDoctor(capture);
}
