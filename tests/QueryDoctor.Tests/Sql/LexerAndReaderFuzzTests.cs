using System.Text;
using CsCheck;
using QueryDoctor.Analysis;
using QueryDoctor.Capture;
using QueryDoctor.Detection;
using QueryDoctor.EventLog;
using QueryDoctor.Recording;
using QueryDoctor.Sql;

namespace QueryDoctor.Tests.Sql;

/// <summary>
/// Seeded fuzz targets for the SQL lexer/fingerprinter and the event-log reader, bounded to seconds in the suite.
/// The generators are biased towards what the code treats specially (quotes, comments, dollar tags, brackets,
/// JSON structure), so short runs reach the interesting paths. A long run:
/// <c>CsCheck_Time=600 dotnet test --project tests/QueryDoctor.Tests -- --filter-class "*LexerAndReaderFuzzTests"</c>.
/// </summary>
public sealed class LexerAndReaderFuzzTests
{
    private static readonly string[] SqlPieces =
    [
        "SELECT", "FROM", "WHERE", "IN", "VALUES", "JOIN", "AS", "ARRAY", "ANY", "WITH", "ORDER BY", "LIMIT", " ", "\n",
        "(", ")", "[", "]", ",", ".", ";", "'", "''", "\"", "`", "$$", "$a$", "$1", "@p", ":x", "?", "--", "/*", "*/",
        "-", "1", "1.5e", "0x", "E'\\'", "::", "->>", "\0", "\u202e", "é", "\ud800", "querydoctor:allow", "t", "a.b",
    ];

    private static readonly Gen<string> Sql = Gen.OneOf(
        Gen.OneOf(SqlPieces).Array[0, 80].Select(string.Concat),
        Gen.String[Gen.Char["()[]'\"`$@:?-/*,.;0123456789abcxyzEN \n\\"], 0, 200]);

    [Fact]
    public void Analyze_FuzzedSql_NeverThrowsAndIsStable()
    {
        Sql.Sample(
            sql =>
            {
                var first = new SqlFingerprinter(capacity: 0).Analyze(sql);
                var second = new SqlFingerprinter(capacity: 0).Analyze(sql.AsSpan());
                Assert.Equal(first.Fingerprint.Text, second.Fingerprint.Text);
                Assert.True(first.Fingerprint.Text.Length <= SqlNormalizer.MaxLength(sql.Length));
                Assert.Equal(first.LiteralsHash, second.LiteralsHash);
            },
            iter: 20_000,
            seed: "0fQ9Fv3dXkU2");
    }

    private static readonly string[] ValidLines =
    [
        "{\"scope\":\"GET /a\",\"sql\":\"SELECT * FROM posts WHERE blog_id = @b\",\"parameters\":{\"@b\":1},\"durationMs\":1.5,\"rows\":3,\"callSite\":\"A.cs:1\"}",
        "{\"type\":\"scope\",\"scope\":\"GET /a\",\"scopeId\":\"x1\",\"durationMs\":12,\"status\":200}",
        "{\"scope\":\"job\",\"scopeId\":\"x1\",\"sql\":\"INSERT INTO t (a) VALUES (1)\",\"batch\":\"b1\",\"startedAt\":\"2026-01-01T00:00:00Z\",\"db\":\"sqlite\"}",
        "{\"scope\":\"s\",\"sql\":\"SELECT 1\",\"parameters\":[1,\"x\",null,true]}",
    ];

    private static readonly Gen<string> Log =
        Gen.Select(Gen.OneOf(ValidLines).Array[1, 8], Gen.Int[0, 1000].Array[0, 6], Gen.Char.Array[6], Gen.Int[0, 3])
            .Select((lines, positions, chars, mode) =>
            {
                var text = new StringBuilder(string.Join('\n', lines));
                for (var i = 0; i < positions.Length && text.Length > 0; i++)
                {
                    var at = positions[i] % text.Length;
                    switch (mode)
                    {
                        case 0:
                            text[at] = chars[i];
                            break;
                        case 1:
                            text.Remove(at, 1);
                            break;
                        case 2:
                            text.Insert(at, "{\"[,:1e999-\"\\u"[positions[i] % 14]);
                            break;
                        default:
                            text.Insert(at, chars[i]);
                            break;
                    }
                }

                return text.ToString();
            });

    [Fact]
    public void Read_FuzzedLog_FailsOnlyWithAnInputErrorNamingTheLine()
    {
        Log.Sample(
            text =>
            {
                foreach (var skipInvalid in (ReadOnlySpan<bool>)[false, true])
                {
                    var options = new DetectionOptions();
                    var recorder = new WorkloadRecorder(options.Recording);
                    var reader = new EventLogReader(recorder, new EventLogReaderOptions { SkipInvalid = skipInvalid });
                    try
                    {
                        reader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), "fuzz.jsonl");
                        EventLogAnalysis.Analyze(recorder, new ScopeAnalyzer(options), reader.SkippedLines);
                    }
                    catch (EventLogFormatException exception)
                    {
                        Assert.False(skipInvalid, "--skip-invalid must skip, not fail: " + exception.Message);
                        Assert.Contains("fuzz.jsonl:", exception.Message, StringComparison.Ordinal);
                    }
                }
            },
            iter: 5_000,
            seed: "0x1lJ0qk7Fk3");
    }
}
