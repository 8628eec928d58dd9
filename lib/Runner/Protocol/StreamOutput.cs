namespace LlmWorkbook.Runner.Protocol;

/// <summary>Text a cell wrote to the console.</summary>
/// <param name="StreamName"><c>stdout</c> or <c>stderr</c>.</param>
/// <param name="Text">The text, newlines included.</param>
public sealed record StreamOutput(string StreamName, string Text) : CellOutput
{
    /// <inheritdoc />
    public override string PlainText => Text;
}
