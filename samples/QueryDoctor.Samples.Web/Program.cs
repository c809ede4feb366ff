using QueryDoctor.Samples.Web;

// dotnet run --project samples/QueryDoctor.Samples.Web --urls http://127.0.0.1:5080
// then open http://127.0.0.1:5080/calendars/1/overview/naive and http://127.0.0.1:5080/_querydoctor
var app = SampleWebApp.Create(args);
app.Run();

/// <summary>The entry point, visible to <c>WebApplicationFactory&lt;Program&gt;</c> in the tests.</summary>
public partial class Program;
