namespace QueryDoctor.Benchmarks.WebRequest;

/// <summary>One row of <c>items</c>.</summary>
public sealed class RequestItem
{
    public int Id { get; set; }

    public int GroupId { get; set; }

    public string Name { get; set; } = "";

    public decimal Price { get; set; }
}
