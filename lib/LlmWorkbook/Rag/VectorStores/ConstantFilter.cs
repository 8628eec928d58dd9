namespace LlmWorkbook.Rag.VectorStores;

/// <summary><c>true</c> (every record, as in <c>r =&gt; true</c>) or <c>false</c> (none).</summary>
public sealed record ConstantFilter(bool Value) : RecordFilter
{
    /// <inheritdoc/>
    public override bool Matches(Func<RecordProperty, object?> valueOf) => Value;
}
