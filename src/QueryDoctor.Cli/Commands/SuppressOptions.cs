using System.CommandLine;
using QueryDoctor.Detection;

namespace QueryDoctor.Cli.Commands;

/// <summary>
/// <c>--suppress</c>: findings accepted without failing, listed apart (<see cref="Suppression"/> in the core).
/// A rule id alone, or <c>rule=ID;callSite=GLOB;sql=GLOB;reason=TEXT</c>.
/// </summary>
internal sealed class SuppressOptions
{
    public Option<string[]> Suppress { get; } = new("--suppress")
    {
        Description = "Accept findings without failing on them: a rule id, or 'rule=ID;callSite=GLOB;sql=GLOB;reason=TEXT' (any of them; " +
                      "* is the only wildcard, a pattern without * matches anywhere). Suppressed findings are listed apart. Repeatable.",
        HelpName = "spec",
    };

    public void AddTo(Command command) => command.Options.Add(Suppress);

    /// <summary>The suppressions <c>--suppress</c> gives.</summary>
    /// <exception cref="UsageException">A spec names an unknown rule or key, or sets nothing.</exception>
    public IReadOnlyList<Suppression> Read(ParseResult parse) => [.. (parse.GetValue(Suppress) ?? []).Select(Parse)];

    internal static Suppression Parse(string spec)
    {
        if (string.IsNullOrWhiteSpace(spec))
        {
            throw new UsageException("--suppress is empty: give a rule id or rule=…;callSite=…;sql=…");
        }

        if (!spec.Contains('=', StringComparison.Ordinal))
        {
            return Suppression.ForRule(KnownRule(spec.Trim(), spec));
        }

        var suppression = new Suppression();
        foreach (var part in spec.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? part : part[..equals].Trim();
            var value = equals < 0 ? "" : part[(equals + 1)..].Trim();
            if (value.Length == 0)
            {
                throw new UsageException($"--suppress '{spec}': '{key}' needs a value (key=value)");
            }

            suppression = key.ToLowerInvariant() switch
            {
                "rule" => suppression with { Rule = KnownRule(value, spec) },
                "callsite" or "call-site" => suppression with { CallSite = value },
                "sql" => suppression with { Sql = value },
                "reason" => suppression with { Reason = value },
                _ => throw new UsageException($"--suppress '{spec}': unknown key '{key}' (use rule, callSite, sql or reason)"),
            };
        }

        if (suppression.Rule is null && suppression.CallSite is null && suppression.Sql is null)
        {
            throw new UsageException($"--suppress '{spec}': give a rule, a callSite or a sql pattern");
        }

        return suppression;
    }

    /// <summary>Any catalogue rule id, live-only ones included (the CLI's one check, <see cref="AnalyzeCommand.RequireRule"/>).</summary>
    private static string KnownRule(string rule, string spec) =>
        AnalyzeCommand.RequireRule(rule, $"--suppress '{spec}'", allowLive: true).Id;
}
