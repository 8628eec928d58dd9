namespace LlmWorkbook.Rag.VectorStores;

/// <summary><c>left || right</c>.</summary>
public sealed record OrFilter(RecordFilter Left, RecordFilter Right) : RecordFilter
{
    /// <inheritdoc/>
    public override bool Matches(Func<RecordProperty, object?> valueOf) => Left.Matches(valueOf) || Right.Matches(valueOf);
}
