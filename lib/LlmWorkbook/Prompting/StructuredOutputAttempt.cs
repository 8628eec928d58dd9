using Microsoft.Extensions.AI;

namespace LlmWorkbook.Prompting;

/// <summary>
/// One request of <see cref="StructuredOutput"/>: its number (from 1), the model's reply as it came, why the reply was
/// rejected (null if it was accepted), how long the request took and the tokens it used (null if the client reports none).
/// </summary>
public sealed record StructuredOutputAttempt(int Number, string Text, string? Error, TimeSpan Elapsed, UsageDetails? Usage)
{
    public bool Accepted => Error is null;
}
