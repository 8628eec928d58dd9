namespace LlmWorkbook.Rag.VectorStores;

/// <summary>
/// <c>property op value</c>. The value has the property's type (or is null, for == and != only); when the C# filter
/// had the value on the left, the operator is turned around so the property is always on the left.
/// </summary>
/// <param name="Property">A key or data property.</param>
/// <param name="Operator">The comparison.</param>
/// <param name="Value">What the property is compared with.</param>
public sealed record ComparisonFilter(RecordProperty Property, ComparisonOperator Operator, object? Value) : RecordFilter
{
    /// <inheritdoc/>
    public override bool Matches(Func<RecordProperty, object?> valueOf)
    {
        ArgumentNullException.ThrowIfNull(valueOf);
        var actual = valueOf(Property);
        if (actual is null || Value is null)
        {
            return Operator switch
            {
                ComparisonOperator.Equal => actual is null && Value is null,
                ComparisonOperator.NotEqual => !(actual is null && Value is null),
                _ => false,
            };
        }
        var order = actual is string text ? string.CompareOrdinal(text, (string)Value) : ((IComparable)actual).CompareTo(Value);
        return Operator switch
        {
            ComparisonOperator.Equal => order == 0,
            ComparisonOperator.NotEqual => order != 0,
            ComparisonOperator.LessThan => order < 0,
            ComparisonOperator.LessThanOrEqual => order <= 0,
            ComparisonOperator.GreaterThan => order > 0,
            ComparisonOperator.GreaterThanOrEqual => order >= 0,
            _ => throw new InvalidOperationException($"unknown operator {Operator}"),
        };
    }
}
