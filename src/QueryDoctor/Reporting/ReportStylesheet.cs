namespace QueryDoctor.Reporting;

/// <summary>
/// The one stylesheet of every HTML page QueryDoctor writes: the offline report (<c>analyze</c>, <c>compare</c>,
/// <c>demo</c>, the <c>serve</c> page) and the ASP.NET Core dashboard, which compiles this file in (the core grants that
/// package no internals). Inline in each page's <c>&lt;style&gt;</c>, so a page stays one self-contained file and the
/// dashboard's content security policy (<c>style-src 'unsafe-inline'</c>, no other source) still holds.
/// </summary>
/// <remarks>
/// Report and dashboard share the palette, type, tables, severities, charts and print rules. The dashboard's own look
/// (a header bar, bordered white tables and cards on a grey page) is scoped to its <c>header</c> and <c>main</c>
/// elements, which the report does not have; only its full-width body is a separate addition
/// (<see cref="DashboardBody"/>), since the report's body is centred.
/// </remarks>
internal static class ReportStylesheet
{
    /// <summary>The marker that opens the stylesheet, so a test can tell it is there.</summary>
    public const string Marker = "/* QueryDoctor stylesheet */";

    /// <summary>The shared stylesheet.</summary>
    public const string Css = Marker + """

        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1f2328}
        h1{font-size:1.5rem;margin-bottom:.25rem}h2{font-size:1.1rem;margin:2rem 0 .25rem;border-bottom:1px solid #d0d7de;padding-bottom:.25rem}
        .meta,.muted{color:#59636e}.chips span{display:inline-block;margin:.15rem .3rem .15rem 0;padding:.1rem .5rem;border-radius:1rem;background:#eef1f4}
        table{border-collapse:collapse;width:100%;margin-top:.5rem}th,td{text-align:left;vertical-align:top;padding:.4rem .5rem;border-bottom:1px solid #e6e9ec}
        th{background:#f6f8fa;font-weight:600}td.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}code,pre{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace}
        pre{background:#f6f8fa;padding:.4rem .5rem;margin:.3rem 0 0;white-space:pre-wrap;word-break:break-word}
        .sev{font-weight:600;white-space:nowrap}.sev.error{color:#b3261e}.sev.warning{color:#9a6700}.sev.info{color:#0969da}.fix{color:#1a7f37}
        .clean{color:#1a7f37;font-weight:600}section>table td:nth-child(2) code{white-space:nowrap}
        .rule{font-weight:600}.badge{display:inline-block;background:#fff8c5;border:1px solid #d4a72c;border-radius:1em;padding:0 .5em;margin-right:.3em;font-size:12px}
        .finding{background:#fff;border:1px solid #d0d7de;border-left:4px solid #bf8700;padding:.5rem .8rem;margin:.5rem 0}
        .finding.error{border-left-color:#cf222e}.finding.info{border-left-color:#0969da}tr.has-findings td:first-child{border-left:4px solid #bf8700}
        figure{margin:.8rem 0}figcaption{color:#59636e;font-size:12px}details.qd-chart-text{font-size:12px}
        header{background:#24292f;color:#fff;padding:.6rem 1.2rem;display:flex;gap:1.5rem;align-items:baseline}header a{color:#fff}header h1{font-size:1.1rem;margin:0}
        main{padding:1rem 1.2rem}main h2{font-size:1rem;margin:1.2rem 0 .4rem;border-bottom:0;padding-bottom:0}
        main table{margin-top:0;background:#fff}main th,main td{border:1px solid #d0d7de;padding:.3rem .5rem}main th{background:#eaeef2}
        main pre{background:none;padding:0;margin:0}main figure{margin:.5rem 0;background:#fff;border:1px solid #d0d7de;padding:.5rem}
        @media print{header{display:none}svg,figure{-webkit-print-color-adjust:exact;print-color-adjust:exact}details.qd-chart-text>*{display:block}details.qd-chart-text::details-content{content-visibility:visible;display:block}}
        """;

    /// <summary>The dashboard's addition: a full-width body on a grey page (the report's body is centred on white).</summary>
    public const string DashboardBody = "body{margin:0;max-width:none;padding:0;background:#f6f8fa}";
}
