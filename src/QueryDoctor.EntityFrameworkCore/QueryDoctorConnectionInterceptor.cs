using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace QueryDoctor.EntityFrameworkCore;

/// <summary>
/// Takes the call site when EF opens a connection asynchronously: if the open yields, the user's frames are gone
/// from every command hook that follows, and the command falls back to this call site.
/// </summary>
internal sealed class QueryDoctorConnectionInterceptor : DbConnectionInterceptor
{
    private readonly EntityFrameworkCapture _owner;

    public QueryDoctorConnectionInterceptor(EntityFrameworkCapture owner)
    {
        _owner = owner;
    }

    public override ValueTask<InterceptionResult> ConnectionOpeningAsync(
        DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        try
        {
            if (EntityFrameworkCapture.StateOf(eventData.Context) is { } state)
            {
                state.OpenCallSite = _owner.Capture.CaptureOpenCallSite();
                if (state.Batch is not null)
                {
                    // Opened by a SaveChanges: its commands may use this site when the save took none.
                    state.SaveCallSite ??= state.OpenCallSite;
                }
            }
        }
#pragma warning disable CA1031 // Only the call site is lost.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            _owner.Capture.ReportFailure("EF connection opening", exception);
        }

        return ValueTask.FromResult(result);
    }

    public override void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Forget(eventData);

    public override Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Forget(eventData);
        return Task.CompletedTask;
    }

    private void Forget(ConnectionEndEventData eventData)
    {
        try
        {
            if (EntityFrameworkCapture.StateOf(eventData.Context) is { } state)
            {
                state.OpenCallSite = null;
            }
        }
#pragma warning disable CA1031
        catch (Exception exception)
#pragma warning restore CA1031
        {
            _owner.Capture.ReportFailure("EF connection closed", exception);
        }
    }
}
