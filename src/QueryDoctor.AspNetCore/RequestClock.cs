using Microsoft.Extensions.Options;

namespace QueryDoctor.AspNetCore;

/// <summary>The clock of request durations: the option, else the container's <see cref="System.TimeProvider"/>, else the system clock.</summary>
internal sealed class RequestClock(IOptions<QueryDoctorAspNetCoreOptions> options, IServiceProvider services)
{
    public TimeProvider TimeProvider { get; } =
        options.Value.TimeProvider ?? (services.GetService(typeof(TimeProvider)) as TimeProvider) ?? TimeProvider.System;
}
