using System.Globalization;
using System.Text;
using QueryDoctor.Analysis;
using QueryDoctor.Capture;
using QueryDoctor.Detection;
using QueryDoctor.EventLog;
using QueryDoctor.Recording;
using QueryDoctor.Reporting;

namespace QueryDoctor.Tests.Analysis;

/// <summary>Builds event logs with scope instances and analyses them the way <c>querydoctor analyze</c> does (streaming).</summary>
internal sealed class InstanceLog
{
    public const string PostsByBlog = "SELECT \\\"p\\\".\\\"id\\\" FROM \\\"posts\\\" AS \\\"p\\\" WHERE \\\"p\\\".\\\"blog_id\\\" = @id";

    private readonly StringBuilder _text = new();

    public InstanceLog Query(string scope, string? scopeId, string sql, object? value, string callSite = "Blogs.cs:25")
    {
        _text.Append(CultureInfo.InvariantCulture, $"{{\"scope\":\"{scope}\"");
        if (scopeId is not null)
        {
            _text.Append(CultureInfo.InvariantCulture, $",\"scopeId\":\"{scopeId}\"");
        }

        _text.Append(CultureInfo.InvariantCulture, $",\"sql\":\"{sql}\",\"parameters\":{{\"@id\":{Convert.ToString(value, CultureInfo.InvariantCulture)}}},\"callSite\":\"{callSite}\",\"durationMs\":0.5}}\n");
        return this;
    }

    public InstanceLog End(string scope, string scopeId, double? durationMs = null, int? status = 200)
    {
        _text.Append(CultureInfo.InvariantCulture, $"{{\"type\":\"scope\",\"scope\":\"{scope}\",\"scopeId\":\"{scopeId}\"");
        if (durationMs is { } ms)
        {
            _text.Append(CultureInfo.InvariantCulture, $",\"durationMs\":{ms.ToString(CultureInfo.InvariantCulture)}");
        }

        if (status is { } code)
        {
            _text.Append(CultureInfo.InvariantCulture, $",\"status\":{code}");
        }

        _text.Append("}\n");
        return this;
    }

    public InstanceLog Raw(string line)
    {
        _text.Append(line).Append('\n');
        return this;
    }

    public override string ToString() => _text.ToString();

    public AnalysisReport Analyze(int maxOpen = WorkloadRecorder.DefaultMaxOpenInstances, DetectionOptions? options = null, bool skipInvalid = false) =>
        Analyze(ToString(), maxOpen, options, skipInvalid);

    public static AnalysisReport Analyze(string text, int maxOpen = WorkloadRecorder.DefaultMaxOpenInstances, DetectionOptions? options = null, bool skipInvalid = false, int maxLineBytes = EventLogReaderOptions.DefaultMaxLineBytes)
    {
        var analyzer = new ScopeInstanceAnalyzer(options);
        var reader = new EventLogReader(
            new WorkloadRecorder(analyzer, maxOpen),
            new EventLogReaderOptions { SkipInvalid = skipInvalid, MaxLineBytes = maxLineBytes });
        reader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), "test.jsonl");
        return EventLogAnalysis.Finish(reader, analyzer);
    }

    /// <summary>Four interleaved GET /blogs requests: r1 and r3 load posts once per blog (5 times), r2 and r4 once.</summary>
    public static InstanceLog FourRequestsTwoWithNPlusOne()
    {
        var log = new InstanceLog();
        for (var i = 0; i < 5; i++)
        {
            foreach (var request in new[] { "r1", "r2", "r3", "r4" })
            {
                if (request is "r1" or "r3" || i == 0)
                {
                    log.Query("GET /blogs", request, PostsByBlog, i + (request == "r3" ? 10 : 0));
                }
            }
        }

        foreach (var request in new[] { "r1", "r2", "r3", "r4" })
        {
            log.End("GET /blogs", request, durationMs: 3);
        }

        return log;
    }
}
