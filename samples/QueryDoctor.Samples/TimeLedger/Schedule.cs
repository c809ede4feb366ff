namespace QueryDoctor.Samples.TimeLedger;

/// <summary>Calendar arithmetic shared by both versions (no data access).</summary>
internal static class Schedule
{
    /// <summary>The day of the week starting <paramref name="weekStart"/> on which the rule has its session, if it is in force then.</summary>
    public static DateOnly? SessionDate(ScheduleRule rule, DateOnly weekStart)
    {
        var offset = ((int)rule.Weekday - (int)weekStart.DayOfWeek + 7) % 7;
        var date = weekStart.AddDays(offset);
        return date >= rule.EffectiveFrom && (rule.EffectiveTo is null || date <= rule.EffectiveTo) ? date : null;
    }
}
