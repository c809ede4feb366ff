namespace QueryDoctor.Samples.TimeLedger;

/// <summary>TimeLedger's data access as the team first wrote it: a query per day, lazy loading per rule.</summary>
/// <param name="createContext">Opens a context (one per call, as a request would).</param>
public sealed class NaiveScheduler(Func<TimeLedgerContext> createContext)
{
    /// <summary>
    /// Lists the offering's rules, then asks for the effective rule of every day in turn:
    /// 1 + <paramref name="days"/> queries.
    /// </summary>
    /// <param name="offeringId">The offering.</param>
    /// <param name="from">The first day.</param>
    /// <param name="days">How many days to look at.</param>
    /// <returns>The days on which the rule in force changes.</returns>
    public IReadOnlyList<PhaseTransition> DetectPhaseTransitions(int offeringId, DateOnly from, int days)
    {
        using var context = createContext();
        var rules = context.ScheduleRules.Where(r => r.OfferingId == offeringId).ToList();
        var transitions = new List<PhaseTransition>();
        if (rules.Count == 0)
        {
            return transitions;
        }

        int? previous = null;
        for (var i = 0; i < days; i++)
        {
            var date = from.AddDays(i);
            var rule = context.ScheduleRules
                .Where(r => r.OfferingId == offeringId && r.EffectiveFrom <= date && (r.EffectiveTo == null || r.EffectiveTo >= date))
                .SingleOrDefault();
            if (i > 0 && rule?.Id != previous)
            {
                transitions.Add(new PhaseTransition(date, previous, rule?.Id));
            }

            previous = rule?.Id;
        }

        return transitions;
    }

    /// <summary>
    /// Expands the first <paramref name="ruleCount"/> rules into the week's sessions, reading each rule's
    /// offering, room and teacher through lazy loading: 1 + 3 x rules queries.
    /// </summary>
    /// <param name="weekStart">The Monday of the week.</param>
    /// <param name="ruleCount">How many rules.</param>
    /// <returns>The sessions, by rule.</returns>
    public IReadOnlyList<Session> ExpandRules(DateOnly weekStart, int ruleCount)
    {
        using var context = createContext();
        var rules = context.ScheduleRules.OrderBy(r => r.Id).Take(ruleCount).ToList();
        var sessions = new List<Session>();
        foreach (var rule in rules)
        {
            var offering = rule.Offering.Title;
            var room = rule.Room.Name;
            var teacher = rule.Teacher.Name;
            if (Schedule.SessionDate(rule, weekStart) is { } date)
            {
                sessions.Add(new Session(rule.Id, date, rule.StartTime, offering, room, teacher));
            }
        }

        return sessions;
    }
}
