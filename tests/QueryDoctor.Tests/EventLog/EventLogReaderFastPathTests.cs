using System.Text;
using System.Text.Json;
using QueryDoctor.Analysis;
using QueryDoctor.EventLog;
using QueryDoctor.Recording;
using QueryDoctor.Reporting;
using QueryDoctor.Rules;

namespace QueryDoctor.Tests.EventLog;

/// <summary>
/// The reader's shortcuts for the usual line (the round-trip <c>startedAt</c>, the last key looked up again, a line read
/// with comments disallowed first) read exactly what the general paths read.
/// </summary>
public sealed class EventLogReaderFastPathTests
{
    public static TheoryData<string> Timestamps() =>
    [
        "2026-12-03T12:00:00.0002000+00:00",
        "2026-12-03T12:00:00.0002000Z",
        "2026-12-03T23:59:59.9999999-05:30",
        "2026-12-03T00:00:00.1+13:59",
        "2026-12-03T00:00:00.123-00:00",
        "2024-02-29T12:00:00.5Z",
        "0002-01-01T00:00:00.0000000+13:00",
        "9998-12-31T23:59:59.9999999-13:00",
        "2026-01-31T08:15:42.123456+02:00",
        // Left to the general parser (accepted or not there):
        "2026-12-03T12:00:00Z",
        "2026-12-03T12:00:00.00020001Z",
        "2026-12-03T12:00:00.0002000",
        "2026-12-03T12:00:00.0002000+14:00",
        "2026-12-03T12:00:00.0002000+0100",
        "2026-12-03T12:00:00.0002000z",
        "2026-02-30T12:00:00.0Z",
        "2023-02-29T12:00:00.0Z",
        "2026-13-01T12:00:00.0Z",
        "2026-12-03T24:00:00.0Z",
        "2026-12-03T12:60:00.0Z",
        "2026-12-03T12:00:60.0Z",
        "2026-12-03T12:00:00.Z",
        "2026-12-03 12:00:00.0Z",
        "0001-01-01T00:00:00.0000000+01:00",
        "9999-12-31T23:59:59.9999999-01:00",
        "2026-12-03T12:00:00.0+01:60",
        "2026-12-03T1a:00:00.0Z",
        "2026-12-03",
        "",
    ];

    [Theory]
    [MemberData(nameof(Timestamps))]
    public void TryParseRoundTrip_AcceptsOnlyWhatTheGeneralParserReadsTheSame(string text)
    {
        var json = Encoding.UTF8.GetBytes("\"" + text + "\"");
        var reader = new Utf8JsonReader(json);
        reader.Read();
        var general = reader.TryGetDateTimeOffset(out var expected);

        if (EventLogReader.TryParseRoundTrip(Encoding.UTF8.GetBytes(text), out var fast))
        {
            Assert.True(general, $"the general parser rejects {text}");
            Assert.Equal(expected.Ticks, fast.Ticks);
            Assert.Equal(expected.Offset, fast.Offset);
        }
    }

    [Fact]
    public void TryParseRoundTrip_TheUsualFormats_TakeTheFastPath()
    {
        var at = new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.FromHours(-3)).AddTicks(1_234_567);
        foreach (var text in new[] { at.ToString("O", System.Globalization.CultureInfo.InvariantCulture), at.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture) })
        {
            Assert.True(EventLogReader.TryParseRoundTrip(Encoding.UTF8.GetBytes(text), out var parsed), text);
            Assert.Equal(at.UtcTicks, parsed.UtcTicks);
        }
    }

    [Fact]
    public void Utf8Table_KeysOfEveryLength_FoundAndKeptApart()
    {
        var table = new Utf8Table<string>();
        var keys = new List<byte[]>();
        for (var length = 0; length <= 70; length++)
        {
            // Keys that differ only in their last byte, or only in one byte of the middle.
            var key = Enumerable.Range(0, length).Select(i => (byte)('a' + (i % 26))).ToArray();
            keys.Add(key);
            if (length > 0)
            {
                var last = (byte[])key.Clone();
                last[^1] = (byte)'#';
                keys.Add(last);
                var middle = (byte[])key.Clone();
                middle[length / 2] = (byte)'#';
                if (!middle.AsSpan().SequenceEqual(last))
                {
                    keys.Add(middle);
                }
            }
        }

        foreach (var key in keys)
        {
            Assert.False(table.TryGetValue(key, out _));
            table.Add(key, Encoding.ASCII.GetString(key));
        }

        Assert.Equal(keys.Count, table.Count);

        // Looked up in order and again (the last key found is tried first): each finds its own value.
        foreach (var key in keys.Concat(keys).Concat(Enumerable.Reverse(keys)))
        {
            Assert.True(table.TryGetValue(key, out var value));
            Assert.Equal(Encoding.ASCII.GetString(key), value);
        }
    }

    private static AnalysisReport Stream(string jsonl)
    {
        var analyzer = new ScopeInstanceAnalyzer();
        var reader = new EventLogReader(new WorkloadRecorder(analyzer));
        reader.Read(new MemoryStream(Encoding.UTF8.GetBytes(jsonl)), "test.jsonl");
        return EventLogAnalysis.Finish(reader, analyzer);
    }

    [Theory]
    [InlineData("{\"scope\":\"GET /a//b\",\"sql\":\"x\",}")]
    [InlineData("{\"scope\":\"s\",\"sql\":\"x\" /* c */,}")]
    [InlineData("{\"scope\":\"s\",\"sql\":\"x\"} // c\n{\"scope\":\"s\",\"sql\":\"x\",}")]
    public void Read_InvalidLineWithCommentStart_SameErrorBeforeAndAfterALineWithComments(string bad)
    {
        // The same bad line read before any comment (first with comments disallowed, then again) and after one
        // (comments searched for first).
        var first = Assert.Throws<EventLogFormatException>(() => Stream(bad + "\n"));
        var later = Assert.Throws<EventLogFormatException>(() => Stream("{\"scope\":\"s\",\"sql\":\"y\"} /* c */\n" + bad + "\n"));

        Assert.Equal(first.Reason, later.Reason);
        Assert.StartsWith("not valid JSON (at byte", first.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_CommentsFromALaterLineOn_SameReportAsWithout()
    {
        var plain = new StringBuilder();
        var commented = new StringBuilder();
        for (var i = 0; i < 6; i++)
        {
            var line = $"{{\"scope\":\"GET /a\",\"scopeId\":\"r{i / 3}\",\"sql\":\"SELECT * FROM posts WHERE blog_id = @b\",\"parameters\":{{\"@b\":{i}}},\"callSite\":\"Blogs.cs:25\"}}";
            plain.Append(line).Append('\n');
            commented.Append(line).Append(i >= 2 ? " // a comment\n" : "\n");
        }

        var expected = JsonReportWriter.ToJson(Stream(plain.ToString()));

        Assert.Equal(expected, JsonReportWriter.ToJson(Stream(commented.ToString())));
        Assert.Contains(RuleIds.NPlusOne, expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_InterleavedBatchIds_EachBatchOneRoundTrip()
    {
        // Two batches whose lines alternate (the recorder reuses only the last batch id's string): two round trips.
        var text = new StringBuilder();
        for (var i = 0; i < 6; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"{{\"scope\":\"POST /a\",\"scopeId\":\"r1\",\"sql\":\"INSERT INTO t (a) VALUES (@a)\",\"parameters\":{{\"@a\":{i}}},\"batch\":\"save-{i % 2}\"}}\n");
        }

        text.Append("{\"type\":\"scope\",\"scope\":\"POST /a\",\"scopeId\":\"r1\"}\n");
        var report = Stream(text.ToString());

        var summary = Assert.Single(report.ScopeSummaries);
        Assert.Equal(6, summary.Statements);
        Assert.Equal(2, summary.RoundTrips);
    }
}
