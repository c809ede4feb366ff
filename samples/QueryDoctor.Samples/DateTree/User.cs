namespace QueryDoctor.Samples.DateTree;

/// <summary>A person who owns calendars, belongs to them and votes.</summary>
public class User
{
    /// <summary>The key.</summary>
    public int Id { get; set; }

    /// <summary>The display name.</summary>
    public string Name { get; set; } = "";

    /// <summary>The e-mail address.</summary>
    public string Email { get; set; } = "";
}
