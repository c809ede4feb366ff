using Microsoft.EntityFrameworkCore.Diagnostics;

namespace QueryDoctor.EntityFrameworkCore;

/// <summary>
/// Gives the commands of one <c>SaveChanges</c> call one batch id, so write rules count the call once
/// (SQLite's provider sends one INSERT per row inside a single <c>SaveChanges</c>). Its presence in a context's
/// options is also what routes the context's commands to this capture (<see cref="EntityFrameworkCapture.Route"/>).
/// </summary>
internal sealed class QueryDoctorSaveChangesInterceptor : SaveChangesInterceptor
{
    private readonly EntityFrameworkCapture _owner;

    public QueryDoctorSaveChangesInterceptor(EntityFrameworkCapture owner)
    {
        _owner = owner;
    }

    /// <summary>The capture whose contexts carry this interceptor: how the diagnostic listener routes their commands.</summary>
    public EntityFrameworkCapture Owner => _owner;

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        // Synchronous: the user's frame stays on the stack of every command, nothing to take early.
        Begin(eventData, takeCallSite: false);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Begin(eventData, takeCallSite: true);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        End(eventData);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        End(eventData);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => End(eventData);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        End(eventData);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => End(eventData);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        End(eventData);
        return Task.CompletedTask;
    }

    private void Begin(DbContextEventData eventData, bool takeCallSite)
    {
        try
        {
            if (EntityFrameworkCapture.StateOf(eventData.Context) is { } state)
            {
                state.Batch = EntityFrameworkCapture.NewBatchId();
                state.SaveCallSite = takeCallSite ? _owner.Capture.CaptureBatchCallSite() : null;
            }
        }
#pragma warning disable CA1031 // Without a batch id the writes are counted one by one, nothing else changes.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            _owner.Capture.ReportFailure("EF SaveChanges", exception);
        }
    }

    private void End(DbContextEventData eventData)
    {
        try
        {
            if (EntityFrameworkCapture.StateOf(eventData.Context) is { } state)
            {
                state.Batch = null;
                state.SaveCallSite = null;
            }
        }
#pragma warning disable CA1031
        catch (Exception exception)
#pragma warning restore CA1031
        {
            _owner.Capture.ReportFailure("EF SaveChanges", exception);
        }
    }
}
