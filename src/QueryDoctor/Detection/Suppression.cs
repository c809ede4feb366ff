namespace QueryDoctor.Detection;

/// <summary>
/// A finding that is known and accepted: matched findings are taken out of the results (and counted as
/// suppressed) rather than reported. Add them to <see cref="DetectionOptions.Suppressions"/>; live capture,
/// <c>querydoctor analyze</c> and the test assertions then all honour them. Every criterion that is set must
/// match; at least one must be set. For one statement in code, a <c>querydoctor:allow rule</c> comment
/// (EF Core: <c>TagWith("querydoctor:allow n-plus-one")</c>) does the same without any configuration.
/// </summary>
/// <remarks>
/// Patterns are globs: <c>*</c> matches any run of characters. A pattern without <c>*</c> matches anywhere in
/// the text (a substring); one with <c>*</c> must match the whole text. <c>?</c> is an ordinary character, since
/// normalised SQL writes every value as <c>?</c>.
/// </remarks>
public sealed record Suppression
{
    /// <summary>The rule id to suppress (e.g. <c>n-plus-one</c>); <see langword="null"/> for any rule.</summary>
    public string? Rule { get; init; }

    /// <summary>
    /// A glob over the finding's call site text (ordinal, case-sensitive), e.g. <c>Legacy.Importer.*</c> or
    /// <c>ReportsController.Export</c>. Every call site of the finding must match; a finding without a call
    /// site never matches.
    /// </summary>
    public string? CallSite { get; init; }

    /// <summary>
    /// A glob over the finding's normalised SQL (<see cref="Finding.Sql"/>: lower-case keywords, values replaced
    /// by <c>?</c>, comments dropped; matched case-insensitively), e.g. <c>*from "audit_log"*</c>, or a statement
    /// fingerprint id (16 hex digits) matched exactly. A finding without SQL never matches.
    /// </summary>
    public string? Sql { get; init; }

    /// <summary>Why the finding is accepted; shown where suppressed findings are listed.</summary>
    public string? Reason { get; init; }

    /// <summary>Suppresses every finding of one rule.</summary>
    /// <param name="rule">The rule id.</param>
    /// <returns>The suppression.</returns>
    public static Suppression ForRule(string rule)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rule);
        return new() { Rule = rule };
    }

    /// <summary>Suppresses findings from matching call sites.</summary>
    /// <param name="pattern">A glob over the call site text (see <see cref="CallSite"/>).</param>
    /// <param name="rule">Only this rule; any rule when <see langword="null"/>.</param>
    /// <returns>The suppression.</returns>
    public static Suppression AtCallSite(string pattern, string? rule = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        return new() { CallSite = pattern, Rule = rule };
    }

    /// <summary>Suppresses findings about matching statements.</summary>
    /// <param name="pattern">A glob over the normalised SQL, or a fingerprint id (see <see cref="Sql"/>).</param>
    /// <param name="rule">Only this rule; any rule when <see langword="null"/>.</param>
    /// <returns>The suppression.</returns>
    public static Suppression ForSql(string pattern, string? rule = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        return new() { Sql = pattern, Rule = rule };
    }

    /// <summary>Whether this suppression covers a finding.</summary>
    /// <param name="finding">The finding.</param>
    /// <returns><see langword="true"/> when every criterion that is set matches.</returns>
    public bool Matches(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        if (Rule is null && CallSite is null && Sql is null)
        {
            return false;
        }

        if (Rule is not null && !string.Equals(Rule, finding.Rule, StringComparison.Ordinal))
        {
            return false;
        }

        if (CallSite is not null)
        {
            if (finding.CallSite is null || !Glob.IsMatch(CallSite, finding.CallSite, StringComparison.Ordinal))
            {
                return false;
            }

            foreach (var other in finding.OtherCallSites ?? [])
            {
                if (!Glob.IsMatch(CallSite, other, StringComparison.Ordinal))
                {
                    return false;
                }
            }
        }

        if (Sql is not null
            && !string.Equals(Sql, finding.Fingerprint, StringComparison.OrdinalIgnoreCase)
            && (finding.Sql is null || !Glob.IsMatch(Sql, finding.Sql, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        return true;
    }

    /// <summary>Describes the suppression, e.g. <c>rule n-plus-one at call site Legacy.*</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString()
    {
        var parts = new List<string>(4);
        if (Rule is not null)
        {
            parts.Add("rule " + Rule);
        }

        if (CallSite is not null)
        {
            parts.Add("call site " + CallSite);
        }

        if (Sql is not null)
        {
            parts.Add("sql " + Sql);
        }

        var text = parts.Count == 0 ? "(empty suppression)" : string.Join(", ", parts);
        return Reason is null ? text : $"{text} ({Reason})";
    }

    internal string? Problem() =>
        Rule is null && CallSite is null && Sql is null ? "a suppression needs a rule, a call site or a SQL pattern"
        : (Rule is not null && string.IsNullOrWhiteSpace(Rule)) || (CallSite is not null && string.IsNullOrWhiteSpace(CallSite))
            || (Sql is not null && string.IsNullOrWhiteSpace(Sql)) ? "a suppression's rule, call site and SQL pattern must not be blank"
        : null;
}
