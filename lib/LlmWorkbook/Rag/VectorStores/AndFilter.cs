namespace LlmWorkbook.Rag.VectorStores;

/// <summary><c>left &amp;&amp; right</c>.</summary>
public sealed record AndFilter(RecordFilter Left, RecordFilter Right) : RecordFilter
{
    /// <inheritdoc/>
    public override bool Matches(Func<RecordProperty, object?> valueOf) => Left.Matches(valueOf) && Right.Matches(valueOf);
}
