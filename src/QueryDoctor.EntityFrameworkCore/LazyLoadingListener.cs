using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using QueryDoctor.Capture;

namespace QueryDoctor.EntityFrameworkCore;

/// <summary>
/// Listens to EF Core's <see cref="CoreEventId.NavigationLazyLoading"/> event (proxies and <c>ILazyLoader</c> alike)
/// through its <see cref="DiagnosticListener"/>, and tells the context's next command which navigation it loads,
/// so an N+1 says "Calendar.Members lazily loaded". Subscribed once per process, only to that one event name:
/// EF builds no event data for any other.
/// </summary>
internal sealed class LazyLoadingListener : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    private static readonly string EventName = CoreEventId.NavigationLazyLoading.Name!;
    private static readonly LazyLoadingListener Instance = new();
    private static readonly Lock Gate = new();
    private static IDisposable? _subscription;
    private static QueryCapture? _firstCapture;

    private LazyLoadingListener()
    {
    }

    public static void EnsureSubscribed(QueryCapture capture)
    {
        lock (Gate)
        {
            if (_subscription is not null)
            {
                return;
            }

            try
            {
                _firstCapture = capture;
                _subscription = DiagnosticListener.AllListeners.Subscribe(Instance);
            }
#pragma warning disable CA1031 // Without the listener only the word "lazily" is lost.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                capture.ReportFailure("EF lazy-loading listener", exception);
            }
        }
    }

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == DbLoggerCategory.Name)
        {
            value.Subscribe(this, static name => name == EventName);
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        try
        {
            if (value.Value is LazyLoadingEventData { Context: { } context } data
                && EntityFrameworkCapture.KnownStateOf(context) is { } state)
            {
                var type = context.Model.FindRuntimeEntityType(data.Entity.GetType())?.ClrType ?? data.Entity.GetType();
                state.LazyNavigation = type.Name + "." + data.NavigationPropertyName;
            }
        }
#pragma warning disable CA1031 // Runs inside EF's lazy loader: never let anything out.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            _firstCapture?.ReportFailure("EF lazy-loading event", exception);
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }
}
