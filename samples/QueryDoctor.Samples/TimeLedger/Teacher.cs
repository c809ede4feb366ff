namespace QueryDoctor.Samples.TimeLedger;

/// <summary>A teacher who gives offerings.</summary>
public class Teacher
{
    /// <summary>The key.</summary>
    public int Id { get; set; }

    /// <summary>The teacher's name.</summary>
    public string Name { get; set; } = "";
}
