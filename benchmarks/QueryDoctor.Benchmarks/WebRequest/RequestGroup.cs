namespace QueryDoctor.Benchmarks.WebRequest;

/// <summary>One row of <c>groups</c>.</summary>
public sealed class RequestGroup
{
    public int Id { get; set; }

    public string Title { get; set; } = "";
}
