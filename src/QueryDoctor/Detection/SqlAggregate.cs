namespace QueryDoctor.Detection;

/// <summary>What a SELECT returns when it computes one value from its table instead of reading rows.</summary>
internal enum SqlAggregate
{
    /// <summary>It reads rows.</summary>
    None,

    /// <summary><c>SELECT COUNT(*) …</c>.</summary>
    Count,

    /// <summary><c>SELECT EXISTS (…)</c>.</summary>
    Exists,

    /// <summary><c>SUM</c>, <c>MIN</c>, <c>MAX</c>, <c>AVG</c>.</summary>
    Other,
}
