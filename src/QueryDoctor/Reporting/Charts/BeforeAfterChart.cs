using System.Globalization;
using System.Text;

namespace QueryDoctor.Reporting.Charts;

/// <summary>
/// Before → after as bar pairs: one row per scope (or scenario), the before bar above the after bar on one linear
/// scale, the values and the ratio written beside them ("58 → 2 · 29× fewer"). Server-rendered inline SVG with a
/// text equivalent (a table), no script; colours are distinct under the common colour-vision deficiencies and the
/// bars also differ by fill pattern (solid before, hatched after), so they survive greyscale print.
/// </summary>
/// <remarks>
/// Elements carry stable classes and attributes for tests and tools: <c>figure.qd-before-after[data-metric]</c>,
/// one <c>g.qd-pair[data-label][data-before][data-after][data-ratio]</c> per row holding <c>rect.qd-before</c>,
/// <c>rect.qd-after</c> and <c>text.qd-ratio</c>.
/// </remarks>
public static class BeforeAfterChart
{
    private const double Width = 960;
    private const double LabelWidth = 280;
    private const double ValueWidth = 210;
    private const double BarHeight = 10;
    private const double RowHeight = 34;
    private const string BeforeColour = "#D55E00";
    private const string AfterColour = "#0072B2";

    /// <summary>Renders bar pairs as an HTML <c>figure</c> holding an inline SVG and its text equivalent.</summary>
    /// <param name="id">The figure's element id (unique on the page).</param>
    /// <param name="metric">What is compared, e.g. "Queries" or "Time (ms)"; also its data-metric attribute.</param>
    /// <param name="rows">One pair per row; a missing side is drawn as no bar and written as "–".</param>
    /// <returns>The HTML fragment; every text from the input is encoded.</returns>
    public static string Render(string id, string metric, IReadOnlyList<BeforeAfterRow> rows)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(rows);
        var html = new StringBuilder(512 + (rows.Count * 700));
        var eid = Encode(id);
        html.Append(CultureInfo.InvariantCulture, $"<figure class=\"qd-before-after\" id=\"{eid}\" data-metric=\"{Encode(metric)}\">");
        if (rows.Count == 0)
        {
            html.Append("<figcaption>Nothing to compare.</figcaption></figure>");
            return html.ToString();
        }

        var max = rows.Max(r => Math.Max(r.Before ?? 0, r.After ?? 0));
        max = max <= 0 ? 1 : max;
        var plotWidth = Width - LabelWidth - ValueWidth;
        var height = (rows.Count * RowHeight) + 26;
        var summary = Summary(metric, rows);
        html.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"{eid}-title {eid}-desc\" viewBox=\"0 0 {Width:0} {height:0}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" font-family=\"system-ui,sans-serif\" font-size=\"12\">");
        html.Append(CultureInfo.InvariantCulture, $"<title id=\"{eid}-title\">{Encode(metric)}, before and after</title><desc id=\"{eid}-desc\">{Encode(summary)}</desc>");
        html.Append(CultureInfo.InvariantCulture,
            $"<defs><pattern id=\"{eid}-hatch\" width=\"4\" height=\"4\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"4\" height=\"4\" fill=\"{AfterColour}\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"4\" stroke=\"#ffffff\" stroke-width=\"1.2\"/></pattern></defs>");
        html.Append(CultureInfo.InvariantCulture,
            $"<g class=\"qd-key\"><rect x=\"{LabelWidth:0}\" y=\"4\" width=\"12\" height=\"10\" fill=\"{BeforeColour}\"/><text x=\"{LabelWidth + 16:0}\" y=\"13\">before</text><rect x=\"{LabelWidth + 70:0}\" y=\"4\" width=\"12\" height=\"10\" fill=\"url(#{eid}-hatch)\"/><text x=\"{LabelWidth + 86:0}\" y=\"13\">after</text></g>");
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var y = 24 + (i * RowHeight);
            var ratio = Ratio(row);
            html.Append(CultureInfo.InvariantCulture,
                $"<g class=\"qd-pair\" data-label=\"{Encode(row.Label)}\" data-before=\"{Number(row.Before)}\" data-after=\"{Number(row.After)}\" data-ratio=\"{Encode(ratio)}\">");
            html.Append(CultureInfo.InvariantCulture, $"<title>{Encode(row.Label)}: {Number(row.Before)} → {Number(row.After)} {Encode(ratio)}</title>");
            html.Append(CultureInfo.InvariantCulture, $"<text class=\"qd-label\" x=\"0\" y=\"{y + BarHeight + 4:0.#}\">{Encode(Short(row.Label, 44))}</text>");
            AppendBar(html, "qd-before", row.Before, max, plotWidth, y, BeforeColour);
            AppendBar(html, "qd-after", row.After, max, plotWidth, y + BarHeight + 2, $"url(#{eid}-hatch)");
            html.Append(CultureInfo.InvariantCulture,
                $"<text class=\"qd-ratio\" x=\"{Width - ValueWidth + 8:0}\" y=\"{y + BarHeight + 4:0.#}\">{Number(row.Before)} → {Number(row.After)}{(ratio.Length > 0 ? " · " + Encode(ratio) : "")}</text>");
            html.Append("</g>");
        }

        html.Append("</svg><figcaption>").Append(Encode(summary)).Append("</figcaption>");
        html.Append(CultureInfo.InvariantCulture,
            $"<details class=\"qd-chart-text\"><summary>{Encode(metric)} as a table</summary><table><thead><tr><th>Scope</th><th>Before</th><th>After</th><th>Change</th></tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{Encode(row.Label)}</td><td>{Number(row.Before)}</td><td>{Number(row.After)}</td><td>{Encode(Ratio(row))}</td></tr>");
        }

        html.Append("</tbody></table></details></figure>");
        return html.ToString();
    }

    /// <summary>The change written on a pair: "29× fewer", "1.5× more", "same", or empty when a side is missing or zero before.</summary>
    /// <param name="row">The pair.</param>
    /// <returns>The text.</returns>
    public static string Ratio(BeforeAfterRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.Before is not { } before || row.After is not { } after)
        {
            return "";
        }

        if (before == after)
        {
            return "same";
        }

        if (after == 0)
        {
            return before > 0 ? "all gone" : "";
        }

        if (before == 0)
        {
            return "new";
        }

        return after < before
            ? string.Create(CultureInfo.InvariantCulture, $"{before / after:0.#}× fewer")
            : string.Create(CultureInfo.InvariantCulture, $"{after / before:0.#}× more");
    }

    private static void AppendBar(StringBuilder html, string kind, double? value, double max, double plotWidth, double y, string fill)
    {
        if (value is not { } v)
        {
            return;
        }

        var width = v <= 0 ? 0 : Math.Max(1.5, v / max * plotWidth);
        html.Append(CultureInfo.InvariantCulture,
            $"<rect class=\"{kind}\" x=\"{LabelWidth:0}\" y=\"{y:0.#}\" width=\"{width:0.##}\" height=\"{BarHeight}\" fill=\"{fill}\" stroke=\"#1b1f24\" stroke-width=\"0.5\"/>");
    }

    private static string Summary(string metric, IReadOnlyList<BeforeAfterRow> rows)
    {
        var text = new StringBuilder(metric).Append(" before → after: ");
        text.AppendJoin("; ", rows.Select(r =>
        {
            var ratio = Ratio(r);
            return $"{r.Label} {Number(r.Before)} → {Number(r.After)}{(ratio.Length > 0 ? " (" + ratio + ")" : "")}";
        }));
        return text.Append('.').ToString();
    }

    private static string Number(double? value) =>
        value is { } v ? v.ToString(Math.Abs(v % 1) < 1e-9 ? "0" : "0.##", CultureInfo.InvariantCulture) : "–";

    private static string Short(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    private static string Encode(string text) => System.Net.WebUtility.HtmlEncode(text);
}
