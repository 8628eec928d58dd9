namespace LlmWorkbook.Runner.Protocol;

/// <summary>Why a cell failed: compiler diagnostics, an exception, a timeout or a dead kernel.</summary>
public sealed record ErrorOutput(string Text) : CellOutput
{
    /// <inheritdoc />
    public override string PlainText => Text;
}
