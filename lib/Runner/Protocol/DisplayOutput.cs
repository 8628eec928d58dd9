namespace LlmWorkbook.Runner.Protocol;

/// <summary>A displayed value (a trailing expression or a display call), formatted for one or more MIME types.</summary>
/// <param name="Data">MIME type → formatted value.</param>
/// <param name="DisplayId">Lets a later <c>DisplayedValue.Update</c> replace this output in place.</param>
public sealed record DisplayOutput(IReadOnlyDictionary<string, string> Data, string? DisplayId = null) : CellOutput
{
    /// <inheritdoc />
    public override string PlainText =>
        Data.TryGetValue("text/plain", out var plain) ? plain : string.Join("\n", Data.Values);
}
