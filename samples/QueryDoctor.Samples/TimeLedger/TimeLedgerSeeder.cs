namespace QueryDoctor.Samples.TimeLedger;

/// <summary>
/// Deterministic TimeLedger data. Every offering has four phases (rules); rules are numbered phase by
/// phase, so rules 1..10 are the first phases of offerings 1..10, each with its own room and teacher.
/// Offering 1 changes rule on <see cref="Anchor"/> + 4, + 21 and + 61 days.
/// </summary>
public static class TimeLedgerSeeder
{
    /// <summary>The first day the demo schedules from (a Monday).</summary>
    public static readonly DateOnly Anchor = new(2026, 1, 5);

    /// <summary>Rooms seeded (at least ten, so the first ten rules use distinct rooms).</summary>
    public const int RoomCount = 12;

    /// <summary>Teachers seeded (at least ten, so the first ten rules use distinct teachers).</summary>
    public const int TeacherCount = 15;

    /// <summary>Offerings seeded at a scale.</summary>
    /// <param name="scale">The data size multiplier.</param>
    /// <returns>The number of offerings.</returns>
    public static int OfferingCount(int scale) => 40 * scale;

    /// <summary>Fills an empty TimeLedger database.</summary>
    /// <param name="context">A context (its commands should not be recorded).</param>
    /// <param name="scale">The data size multiplier (1 or more).</param>
    public static void Seed(TimeLedgerContext context, int scale)
    {
        ArgumentNullException.ThrowIfNull(context);
        var random = new Random(20260105);
        var rooms = Enumerable.Range(1, RoomCount).Select(i => new Room { Name = $"Room {100 + i}", Capacity = 12 + (i * 7 % 30) }).ToList();
        var teachers = Enumerable.Range(1, TeacherCount).Select(i => new Teacher { Name = $"Teacher {i:00}" }).ToList();
        var offerings = Enumerable.Range(1, OfferingCount(scale)).Select(i => new Offering { Code = $"C{i:0000}", Title = $"Course {i}" }).ToList();
        context.Rooms.AddRange(rooms);
        context.Teachers.AddRange(teachers);
        context.Offerings.AddRange(offerings);
        context.SaveChanges();

        // Phase ends relative to the anchor; offering 1 gets the fixed boundaries the scenarios count on.
        var phases = new List<(DateOnly From, DateOnly? To)[]>();
        for (var o = 0; o < offerings.Count; o++)
        {
            var shift = o == 0 ? 0 : random.Next(0, 5);
            var first = Anchor.AddDays(3 + shift);
            var second = Anchor.AddDays(20 + shift);
            var third = Anchor.AddDays(60 + shift);
            phases.Add(
            [
                (new DateOnly(2025, 9, 1), first),
                (first.AddDays(1), second),
                (second.AddDays(1), third),
                (third.AddDays(1), null),
            ]);
        }

        var rules = new List<ScheduleRule>();
        for (var phase = 0; phase < 4; phase++)
        {
            for (var o = 0; o < offerings.Count; o++)
            {
                rules.Add(new ScheduleRule
                {
                    Offering = offerings[o],
                    Room = rooms[(o + phase) % RoomCount],
                    Teacher = teachers[(o + (phase * 3)) % TeacherCount],
                    Weekday = (DayOfWeek)(1 + ((o + phase) % 5)),
                    StartTime = new TimeOnly(8 + random.Next(0, 9), random.Next(0, 2) * 30),
                    DurationMinutes = 45 * (1 + random.Next(0, 3)),
                    EffectiveFrom = phases[o][phase].From,
                    EffectiveTo = phases[o][phase].To,
                });
            }

            // One SaveChanges per phase keeps ids in phase order (rules 1..n are the first phases): 4 saves on purpose.
            context.ScheduleRules.AddRange(rules.Skip(phase * offerings.Count));
#pragma warning disable QD0003 // QueryDoctor.Analyzers: a write per iteration, deliberate here (see above).
            context.SaveChanges();
#pragma warning restore QD0003
        }

        context.Holidays.AddRange(
            new Holiday { Date = new DateOnly(2026, 1, 1), Name = "New Year" },
            new Holiday { Date = new DateOnly(2026, 4, 3), Name = "Good Friday" },
            new Holiday { Date = new DateOnly(2026, 5, 1), Name = "Labour Day" });
        for (var i = 0; i < rules.Count; i += 7)
        {
            context.ScheduleChanges.Add(new ScheduleChange
            {
                Rule = rules[i],
                Date = rules[i].EffectiveFrom.AddDays(7),
                Cancelled = i % 2 == 0,
                MovedToRoomId = i % 2 == 0 ? null : rooms[i % RoomCount].Id,
            });
        }

        context.SaveChanges();
        context.ChangeTracker.Clear();
    }
}
