namespace QueryDoctor.Samples.TimeLedger;

/// <summary>A day without sessions.</summary>
public class Holiday
{
    /// <summary>The key.</summary>
    public int Id { get; set; }

    /// <summary>The day.</summary>
    public DateOnly Date { get; set; }

    /// <summary>What it is.</summary>
    public string Name { get; set; } = "";
}
