using Microsoft.EntityFrameworkCore;

namespace QueryDoctor.Samples.TimeLedger;

/// <summary>TimeLedger's data access as the team ended with it: one query each, related data preloaded.</summary>
/// <param name="createContext">Opens a context (one per call, as a request would).</param>
public sealed class OptimisedScheduler(Func<TimeLedgerContext> createContext)
{
    /// <summary>
    /// One query for the rules that overlap the period, with their offering, room and teacher; then a
    /// date -> rule dictionary answers "which rule is in force" for every day without the database.
    /// </summary>
    /// <param name="offeringId">The offering.</param>
    /// <param name="from">The first day.</param>
    /// <param name="days">How many days to look at.</param>
    /// <returns>The days on which the rule in force changes.</returns>
    public IReadOnlyList<PhaseTransition> DetectPhaseTransitions(int offeringId, DateOnly from, int days)
    {
        using var context = createContext();
        var last = from.AddDays(days - 1);
        var rules = context.ScheduleRules
            .AsNoTracking()
            .Include(r => r.Offering)
            .Include(r => r.Room)
            .Include(r => r.Teacher)
            .Where(r => r.OfferingId == offeringId && r.EffectiveFrom <= last && (r.EffectiveTo == null || r.EffectiveTo >= from))
            .ToList();

        var byDate = new Dictionary<DateOnly, ScheduleRule>();
        foreach (var rule in rules)
        {
            var first = rule.EffectiveFrom > from ? rule.EffectiveFrom : from;
            var end = rule.EffectiveTo is { } to && to < last ? to : last;
            for (var date = first; date <= end; date = date.AddDays(1))
            {
                byDate[date] = rule;
            }
        }

        var transitions = new List<PhaseTransition>();
        int? previous = null;
        for (var i = 0; i < days; i++)
        {
            var date = from.AddDays(i);
            int? current = byDate.TryGetValue(date, out var rule) ? rule.Id : null;
            if (i > 0 && current != previous)
            {
                transitions.Add(new PhaseTransition(date, previous, current));
            }

            previous = current;
        }

        return transitions;
    }

    /// <summary>Expands the first <paramref name="ruleCount"/> rules into the week's sessions in one query.</summary>
    /// <param name="weekStart">The Monday of the week.</param>
    /// <param name="ruleCount">How many rules.</param>
    /// <returns>The sessions, by rule.</returns>
    public IReadOnlyList<Session> ExpandRules(DateOnly weekStart, int ruleCount)
    {
        using var context = createContext();
        var rules = context.ScheduleRules
            .AsNoTracking()
            .Include(r => r.Offering)
            .Include(r => r.Room)
            .Include(r => r.Teacher)
            .OrderBy(r => r.Id)
            .Take(ruleCount)
            .ToList();
        var sessions = new List<Session>();
        foreach (var rule in rules)
        {
            if (Schedule.SessionDate(rule, weekStart) is { } date)
            {
                sessions.Add(new Session(rule.Id, date, rule.StartTime, rule.Offering.Title, rule.Room.Name, rule.Teacher.Name));
            }
        }

        return sessions;
    }
}
