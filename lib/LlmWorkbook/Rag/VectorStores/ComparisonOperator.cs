namespace LlmWorkbook.Rag.VectorStores;

/// <summary>The comparisons a <see cref="ComparisonFilter"/> can make.</summary>
public enum ComparisonOperator
{
    /// <summary>==</summary>
    Equal,

    /// <summary>!=</summary>
    NotEqual,

    /// <summary>&lt;</summary>
    LessThan,

    /// <summary>&lt;=</summary>
    LessThanOrEqual,

    /// <summary>&gt;</summary>
    GreaterThan,

    /// <summary>&gt;=</summary>
    GreaterThanOrEqual,
}
