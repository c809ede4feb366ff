namespace QueryDoctor.Samples.TimeLedger;

/// <summary>A room sessions take place in.</summary>
public class Room
{
    /// <summary>The key.</summary>
    public int Id { get; set; }

    /// <summary>The room's name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Seats.</summary>
    public int Capacity { get; set; }
}
