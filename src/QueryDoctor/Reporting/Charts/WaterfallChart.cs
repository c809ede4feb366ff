using System.Globalization;
using System.Text;
using QueryDoctor.Recording;
using QueryDoctor.Sql;

namespace QueryDoctor.Reporting.Charts;

/// <summary>
/// A scope's statements as a waterfall: one bar per statement on the scope's time axis (start, duration),
/// coloured by statement shape, the bars of one finding grouped and labelled with its rule, each bar with a
/// hover text (its SQL shape and call site). Server-rendered inline SVG with no script and no style sheet of
/// its own, so it works under a strict content security policy and in a printed page; every chart comes with
/// a text equivalent (a table of the same bars).
/// </summary>
/// <remarks>
/// Elements carry stable classes and <c>data-</c> attributes for tests and tools: the figure
/// <c>figure.qd-waterfall[data-statements][data-bars][data-merged]</c>, each bar
/// <c>rect.qd-bar[data-fingerprint][data-index]</c> (with <c>data-count</c> when merged), each finding's group
/// <c>g.qd-group[data-rule][data-fingerprint][data-count]</c>.
/// Past <see cref="WaterfallChartOptions.MaxBars"/> bars, consecutive statements of one shape are merged into one
/// bar, then runs of neighbouring bars; the figure caption says so.
/// </remarks>
public static class WaterfallChart
{
    private const double Width = 960;
    private const double Left = 8;
    private const double LabelWidth = 170;
    private const double RowHeight = 9;
    private const double RowGap = 4;
    private const double LaneWidth = 8;
    private const int MaxLanes = 8;
    private const double AxisHeight = 22;

    /// <summary>Renders the waterfall of a scope's kept statements as an HTML <c>figure</c> holding an inline SVG.</summary>
    /// <param name="scope">The scope; its kept events (<see cref="QueryScope.Events"/>) are the bars.</param>
    /// <param name="findings">The scope's findings: the bars of each are grouped and labelled with its rule.</param>
    /// <param name="options">Limits and ids; defaults when <see langword="null"/>.</param>
    /// <returns>The HTML fragment; every text from the input is encoded.</returns>
    public static string Render(QueryScope scope, IEnumerable<Finding> findings, WaterfallChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(findings);
        options ??= new WaterfallChartOptions();
        var bars = Layout(scope.Events);
        var kept = bars.Count;
        var groups = Groups(findings.Where(f => f.Fingerprint is not null).ToList(), bars);
        for (var g = 0; g < groups.Count; g++)
        {
            foreach (var index in groups[g].Members)
            {
                bars[index] = bars[index] with { Group = g };
            }
        }

        bars = Merge(bars, options.MaxBars);
        var html = new StringBuilder(1024 + (bars.Count * 260));
        var id = Encode(options.Id);
        html.Append(CultureInfo.InvariantCulture,
            $"<figure class=\"qd-waterfall\" id=\"{id}\" data-statements=\"{scope.StatementCount}\" data-kept=\"{kept}\" data-bars=\"{bars.Count}\" data-merged=\"{(bars.Count < kept ? "true" : "false")}\">");
        if (kept == 0)
        {
            html.Append("<figcaption>No statements to draw.</figcaption></figure>");
            return html.ToString();
        }

        var palette = Palette(bars);
        var span = Math.Max(bars.Max(b => b.End), scope.Duration?.TotalMilliseconds ?? 0);
        span = span <= 0 ? 1 : span;
        var plotLeft = Left;
        var plotWidth = Width - Left - LabelWidth;
        var height = AxisHeight + (bars.Count * (RowHeight + RowGap)) + 4;
        var summary = Summary(scope, kept, bars.Count, groups, span, options.MaxBars);
        html.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {Width:0} {height:0.#}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" font-family=\"system-ui,sans-serif\" font-size=\"11\">");
        html.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">Statements on the time axis of {Encode(scope.Name)}</title>");
        html.Append(CultureInfo.InvariantCulture, $"<desc id=\"{id}-desc\">{Encode(summary)}</desc>");
        AppendAxis(html, span, plotLeft, plotWidth, height);

        var grouped = new HashSet<int>();
        for (var g = 0; g < groups.Count; g++)
        {
            var group = groups[g];
            var members = bars.Where(b => b.Group == g).ToList();
            if (members.Count == 0)
            {
                continue;
            }

            html.Append(CultureInfo.InvariantCulture,
                $"<g class=\"qd-group\" data-rule=\"{Encode(group.Finding.Rule)}\" data-fingerprint=\"{Encode(group.Finding.Fingerprint!)}\" data-count=\"{group.Members.Count}\">");
            html.Append("<title>").Append(Encode(group.Label)).Append("</title>");
            foreach (var bar in members)
            {
                AppendBar(html, bar, palette, span, plotLeft, plotWidth, group.Finding.Rule);
                grouped.Add(bar.Row);
            }

            // Each group has a lane right of the plot: a line from its first to its last row with a dot on each of its
            // rows (the comb), and its label on its first row, right of every lane. A row belongs to one group at most,
            // so two labels never share a row.
            var first = members[0].Row;
            var last = members[^1].Row;
            var lane = Width - LabelWidth + 6 + ((g % MaxLanes) * LaneWidth);
            var labelX = Width - LabelWidth + 6 + (Math.Min(groups.Count, MaxLanes) * LaneWidth) + 2;
            html.Append(CultureInfo.InvariantCulture,
                $"<line class=\"qd-group-line\" x1=\"{lane:0.#}\" y1=\"{RowY(first):0.#}\" x2=\"{lane:0.#}\" y2=\"{RowY(last) + RowHeight:0.#}\" stroke=\"#1b1f24\" stroke-width=\"1.2\"/>");
            foreach (var bar in members)
            {
                html.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{lane:0.#}\" cy=\"{RowY(bar.Row) + (RowHeight / 2):0.#}\" r=\"2\" fill=\"#1b1f24\"/>");
            }

            html.Append(CultureInfo.InvariantCulture,
                $"<text class=\"qd-group-label\" x=\"{labelX:0.#}\" y=\"{RowY(first) + RowHeight:0.#}\" fill=\"#1b1f24\">{Encode(Short(group.Finding.Rule + " ×" + group.Members.Count.ToString(CultureInfo.InvariantCulture), 24))}</text>");
            html.Append("</g>");
        }

        foreach (var bar in bars.Where(b => !grouped.Contains(b.Row)))
        {
            AppendBar(html, bar, palette, span, plotLeft, plotWidth, rule: null);
        }

        html.Append("</svg>");
        html.Append("<figcaption>").Append(Encode(summary)).Append("</figcaption>");
        AppendLegend(html, palette, bars);
        AppendTable(html, bars, span);
        html.Append("</figure>");
        return html.ToString();
    }

    private static double RowY(int row) => AxisHeight + (row * (RowHeight + RowGap));

    private static void AppendBar(StringBuilder html, Bar bar, Dictionary<string, string> palette, double span, double left, double width, string? rule)
    {
        var x = left + (bar.Start / span * width);
        var w = Math.Max(1.5, (bar.End - bar.Start) / span * width);
        var colour = palette.TryGetValue(bar.Fingerprint.Id, out var c) ? c : OtherColour;
        html.Append(CultureInfo.InvariantCulture,
            $"<rect class=\"qd-bar\" data-index=\"{bar.Index}\" data-fingerprint=\"{bar.Fingerprint.Id}\"");
        if (bar.Count > 1)
        {
            html.Append(CultureInfo.InvariantCulture, $" data-count=\"{bar.Count}\"");
        }

        if (rule is not null)
        {
            html.Append(" data-rule=\"").Append(Encode(rule)).Append('"');
        }

        html.Append(CultureInfo.InvariantCulture,
            $" x=\"{x:0.##}\" y=\"{RowY(bar.Row):0.#}\" width=\"{w:0.##}\" height=\"{RowHeight}\" fill=\"{colour}\"><title>{Encode(Hover(bar))}</title></rect>");
    }

    private static void AppendAxis(StringBuilder html, double span, double left, double width, double height)
    {
        var step = NiceStep(span / 6);
        html.Append("<g class=\"qd-axis\" fill=\"#57606a\" stroke=\"#d0d7de\">");
        for (var t = 0.0; t <= span + (step / 1000); t += step)
        {
            var x = left + (t / span * width);
            html.Append(CultureInfo.InvariantCulture,
                $"<line x1=\"{x:0.#}\" y1=\"{AxisHeight - 4:0.#}\" x2=\"{x:0.#}\" y2=\"{height:0.#}\" stroke-width=\"0.5\"/><text x=\"{x + 2:0.#}\" y=\"12\" stroke=\"none\">{FormatMs(t)}</text>");
        }

        html.Append("</g>");
    }

    private static void AppendLegend(StringBuilder html, Dictionary<string, string> palette, IReadOnlyList<Bar> bars)
    {
        html.Append("<ul class=\"qd-legend\" style=\"list-style:none;padding:0;margin:.3rem 0;display:flex;flex-wrap:wrap;gap:.2rem 1rem\">");
        foreach (var shape in bars.GroupBy(b => b.Fingerprint.Id).OrderByDescending(g => g.Sum(b => b.Count)).Take(palette.Count + 1))
        {
            var colour = palette.TryGetValue(shape.Key, out var c) ? c : OtherColour;
            var text = palette.ContainsKey(shape.Key) ? Short(shape.First().Fingerprint.Text, 70) : "other statements";
            html.Append(CultureInfo.InvariantCulture,
                $"<li data-fingerprint=\"{(palette.ContainsKey(shape.Key) ? shape.Key : "other")}\"><svg width=\"12\" height=\"10\" aria-hidden=\"true\"><rect width=\"12\" height=\"10\" fill=\"{colour}\"/></svg> <code>{Encode(text)}</code> ×{shape.Sum(b => b.Count)}</li>");
        }

        html.Append("</ul>");
    }

    private static void AppendTable(StringBuilder html, IReadOnlyList<Bar> bars, double span)
    {
        html.Append(CultureInfo.InvariantCulture,
            $"<details class=\"qd-chart-text\"><summary>The same {bars.Count} bars as a table</summary><table><thead><tr><th>#</th><th>Start ms</th><th>Duration ms</th><th>Statements</th><th>Statement</th><th>Call site</th></tr></thead><tbody>");
        foreach (var bar in bars)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{bar.Index + 1}</td><td>{bar.Start:0.###}</td><td>{bar.End - bar.Start:0.###}</td><td>{bar.Count}</td><td><code>{Encode(Short(bar.Fingerprint.Text, 120))}</code></td><td><code>{Encode(bar.CallSite.ToString())}</code></td></tr>");
        }

        html.Append(CultureInfo.InvariantCulture, $"</tbody></table><p>Time axis: 0 to {span:0.###} ms.</p></details>");
    }

    private static string Summary(QueryScope scope, int kept, int barCount, IReadOnlyList<Group> groups, double span, int maxBars)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{scope.StatementCount} {(scope.StatementCount == 1 ? "statement" : "statements")} over {span:0.##} ms");
        if (kept < scope.StatementCount)
        {
            text.Append(CultureInfo.InvariantCulture, $"; the first {kept} kept are drawn");
        }

        if (barCount < kept)
        {
            text.Append(CultureInfo.InvariantCulture, $"; drawn as {barCount} bars (past {maxBars} bars, neighbouring statements are merged)");
        }

        if (!scope.AllTimestamped)
        {
            text.Append("; no start times, so statements are drawn one after another");
        }

        foreach (var group in groups.Where(g => g.Members.Count > 0))
        {
            text.Append("; ").Append(group.Label);
        }

        return text.Append('.').ToString();
    }

    private static string Hover(Bar bar)
    {
        var text = new StringBuilder();
        text.Append(bar.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $"{bar.Count} statements") : string.Create(CultureInfo.InvariantCulture, $"#{bar.Index + 1}"));
        text.Append(CultureInfo.InvariantCulture, $" · {bar.End - bar.Start:0.###} ms at {bar.Start:0.###} ms\n");
        text.Append(Short(bar.Fingerprint.Text, 400));
        if (!bar.CallSite.IsUnknown)
        {
            text.Append('\n').Append(bar.CallSite.Text);
        }

        return text.ToString();
    }

    /// <summary>Bars in event order; start times from timestamps when every event has one, else one after another.</summary>
    private static List<Bar> Layout(IReadOnlyList<QueryEvent> events)
    {
        var bars = new List<Bar>(events.Count);
        if (events.Count == 0)
        {
            return bars;
        }

        var timed = events.All(e => e.StartedAt is not null);
        var origin = timed ? events.Min(e => e.StartedAt!.Value) : default;
        var cursor = 0.0;
        for (var i = 0; i < events.Count; i++)
        {
            var queryEvent = events[i];
            var duration = queryEvent.Duration?.TotalMilliseconds ?? 0;
            var start = timed ? (queryEvent.StartedAt!.Value - origin).TotalMilliseconds : cursor;
            cursor = start + duration;
            bars.Add(new Bar(i, i, SqlFingerprint.Of(queryEvent.Sql), queryEvent.CallSite, start, start + duration, 1, -1));
        }

        return bars;
    }

    private static List<Group> Groups(IReadOnlyList<Finding> findings, IReadOnlyList<Bar> bars)
    {
        var groups = new List<Group>();
        foreach (var finding in findings)
        {
            var members = new HashSet<int>();
            foreach (var bar in bars)
            {
                if (bar.Fingerprint.Id == finding.Fingerprint && AtCallSite(finding, bar.CallSite))
                {
                    members.Add(bar.Index);
                }
            }

            // One statement per bar belongs to at most one group: the first finding that claims it (detectors
            // report the most specific rule first, e.g. n-plus-one before duplicate-query).
            members.RemoveWhere(index => groups.Any(g => g.Members.Contains(index)));
            if (members.Count > 0)
            {
                var label = string.Create(CultureInfo.InvariantCulture, $"{finding.Rule}: {members.Count} statements of one shape");
                if (finding.CallSite is { } site)
                {
                    label += " at " + site;
                }

                groups.Add(new Group(finding, members, label));
            }
        }

        return groups;
    }

    private static bool AtCallSite(Finding finding, CallSite site) =>
        finding.CallSite is null
        || string.Equals(finding.CallSite, site.Text, StringComparison.Ordinal)
        || (finding.CallSite == "(unknown)" && site.IsUnknown)
        || (finding.OtherCallSites?.Contains(site.Text, StringComparer.Ordinal) ?? false);

    /// <summary>
    /// Keeps at most <paramref name="maxBars"/> bars: first merges consecutive statements of one shape, one call
    /// site and one group (an N+1 loop becomes one bar per run), then merges runs of neighbouring bars.
    /// </summary>
    private static List<Bar> Merge(List<Bar> bars, int maxBars)
    {
        if (bars.Count <= maxBars)
        {
            return bars;
        }

        var merged = new List<Bar>();
        foreach (var bar in bars)
        {
            if (merged.Count > 0 && merged[^1] is var previous
                && previous.Fingerprint.Equals(bar.Fingerprint) && previous.CallSite.Equals(bar.CallSite) && previous.Group == bar.Group)
            {
                merged[^1] = previous.With(bar);
            }
            else
            {
                merged.Add(bar);
            }
        }

        if (merged.Count > maxBars)
        {
            var size = (int)Math.Ceiling(merged.Count / (double)maxBars);
            var chunks = new List<Bar>();
            for (var i = 0; i < merged.Count; i += size)
            {
                var chunk = merged[i];
                for (var j = i + 1; j < Math.Min(i + size, merged.Count); j++)
                {
                    chunk = chunk.With(merged[j]);
                }

                chunks.Add(chunk);
            }

            merged = chunks;
        }

        for (var row = 0; row < merged.Count; row++)
        {
            merged[row] = merged[row] with { Row = row };
        }

        return merged;
    }

    /// <summary>Colours for the most frequent shapes, from the Okabe–Ito palette (distinct under the common colour-vision deficiencies and in greyscale print, with the legend's text).</summary>
    private static Dictionary<string, string> Palette(IReadOnlyList<Bar> bars)
    {
        string[] colours = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];
        var palette = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var shape in bars.GroupBy(b => b.Fingerprint.Id).OrderByDescending(g => g.Sum(b => b.Count)).ThenBy(g => g.Min(b => b.Index)).Take(colours.Length))
        {
            palette[shape.Key] = colours[palette.Count];
        }

        return palette;
    }

    private const string OtherColour = "#8c959f";

    private static double NiceStep(double raw)
    {
        if (raw <= 0)
        {
            return 1;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var fraction = raw / magnitude;
        return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * magnitude;
    }

    private static string FormatMs(double ms) =>
        ms >= 1000 ? (ms / 1000).ToString("0.##", CultureInfo.InvariantCulture) + " s" : ms.ToString("0.###", CultureInfo.InvariantCulture) + " ms";

    private static string Short(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    private static string Encode(string text) => System.Net.WebUtility.HtmlEncode(text);

    /// <summary>One drawn bar: <see cref="Index"/> is its first statement's position, <see cref="Group"/> the finding group it belongs to (-1: none).</summary>
    private sealed record Bar(int Index, int Row, SqlFingerprint Fingerprint, CallSite CallSite, double Start, double End, int Count, int Group)
    {
        /// <summary>This bar and the next as one; a bar mixing two groups (or a group and none) belongs to none.</summary>
        public Bar With(Bar next) =>
            this with { Start = Math.Min(Start, next.Start), End = Math.Max(End, next.End), Count = Count + next.Count, Group = Group == next.Group ? Group : -1 };
    }

    private sealed record Group(Finding Finding, HashSet<int> Members, string Label);
}
