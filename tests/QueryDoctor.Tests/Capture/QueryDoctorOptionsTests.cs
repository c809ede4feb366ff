using QueryDoctor.Capture;
using QueryDoctor.Detection;

namespace QueryDoctor.Tests.Capture;

public sealed class QueryDoctorOptionsTests
{
    [Fact]
    public void Validate_SeveralProblems_ReportsThemAllInOneException()
    {
        var options = new QueryDoctorOptions
        {
            Mode = QueryDoctorMode.Production,
            IncludeParameterValues = true,
            SampleRate = 1.5,
            AmbientFlushThreshold = 0,
            RecentCleanScopeCapacity = -1,
            Detection = new DetectionOptions { NPlusOneThreshold = 1 },
        };

        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("SampleRate", error.Message);
        Assert.Contains("AmbientFlushThreshold", error.Message);
        Assert.Contains("RecentCleanScopeCapacity", error.Message);
        Assert.Contains("IncludeParameterValues", error.Message);
        Assert.Contains("n-plus-one threshold", error.Message);
    }

    [Fact]
    public void EffectiveDetection_ProductionWithoutDetection_UsesHigherThresholds()
    {
        Assert.Equal(10, new QueryDoctorOptions { Mode = QueryDoctorMode.Production }.EffectiveDetection().NPlusOneThreshold);
        Assert.Equal(3, new QueryDoctorOptions().EffectiveDetection().NPlusOneThreshold);
        var own = new DetectionOptions { NPlusOneThreshold = 4 };
        Assert.Same(own, new QueryDoctorOptions { Mode = QueryDoctorMode.Production, Detection = own }.EffectiveDetection());
    }

    [Fact]
    public void WriteEventsTo_BlankPath_Throws()
    {
        Assert.Throws<ArgumentException>(() => new QueryDoctorOptions().WriteEventsTo(" "));
        Assert.Equal("x.jsonl", new QueryDoctorOptions().WriteEventsTo("x.jsonl").EventLogPath);
    }
}
