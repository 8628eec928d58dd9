namespace LlmWorkbook.Rag.VectorStores;

/// <summary><c>!operand</c>.</summary>
public sealed record NotFilter(RecordFilter Operand) : RecordFilter
{
    /// <inheritdoc/>
    public override bool Matches(Func<RecordProperty, object?> valueOf) => !Operand.Matches(valueOf);
}
