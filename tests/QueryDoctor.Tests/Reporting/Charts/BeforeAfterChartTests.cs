using System.Xml.Linq;
using QueryDoctor.Reporting.Charts;

namespace QueryDoctor.Tests.Reporting.Charts;

public sealed class BeforeAfterChartTests
{
    [Theory]
    [InlineData(58d, 2d, "29× fewer")]
    [InlineData(877d, 14d, "62.6× fewer")]
    [InlineData(2d, 3d, "1.5× more")]
    [InlineData(5d, 5d, "same")]
    [InlineData(4d, 0d, "all gone")]
    [InlineData(0d, 3d, "new")]
    public void Ratio_WrittenOnThePair(double before, double after, string expected) =>
        Assert.Equal(expected, BeforeAfterChart.Ratio(new BeforeAfterRow { Label = "x", Before = before, After = after }));

    [Fact]
    public void Render_PairsPerScope_BarLengthsFollowTheValuesAndTheRatioIsWritten()
    {
        var html = BeforeAfterChart.Render("queries", "Queries",
        [
            new BeforeAfterRow { Label = "GET /calendars/{id}/overview", Before = 58, After = 2 },
            new BeforeAfterRow { Label = "GET /only-before", Before = 10 },
        ]);
        var figure = XElement.Parse(html);
        XNamespace svg = "http://www.w3.org/2000/svg";
        var pairs = figure.Descendants(svg + "g").Where(g => (string?)g.Attribute("class") == "qd-pair").ToList();
        Assert.Equal(2, pairs.Count);
        var overview = pairs[0];
        Assert.Equal("58", (string?)overview.Attribute("data-before"));
        Assert.Equal("2", (string?)overview.Attribute("data-after"));
        Assert.Equal("29× fewer", (string?)overview.Attribute("data-ratio"));
        var before = double.Parse((string)overview.Elements(svg + "rect").Single(r => (string?)r.Attribute("class") == "qd-before").Attribute("width")!, System.Globalization.CultureInfo.InvariantCulture);
        var after = double.Parse((string)overview.Elements(svg + "rect").Single(r => (string?)r.Attribute("class") == "qd-after").Attribute("width")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(29, before / after, 1);
        Assert.Contains("58 → 2 · 29× fewer", overview.Elements(svg + "text").Single(t => (string?)t.Attribute("class") == "qd-ratio").Value, StringComparison.Ordinal);

        // A side that did not run has no bar and is written as a dash; the text equivalent has every row.
        Assert.DoesNotContain(pairs[1].Elements(svg + "rect"), r => (string?)r.Attribute("class") == "qd-after");
        Assert.Contains("10 → –", pairs[1].Value, StringComparison.Ordinal);
        Assert.Equal(2, figure.Descendants("tbody").Single().Elements("tr").Count());
        Assert.Contains("Queries before → after", figure.Element("figcaption")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_HostileLabel_Encoded()
    {
        var html = BeforeAfterChart.Render("q", "Queries", [new BeforeAfterRow { Label = "<script>alert(1)</script>", Before = 1, After = 1 }]);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        XElement.Parse(html);
    }
}
