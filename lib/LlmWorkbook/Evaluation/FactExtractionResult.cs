namespace LlmWorkbook.Evaluation;

/// <summary>One extraction of <see cref="FactExtraction.RunAsync"/>.</summary>
/// <param name="Item">The context the facts were extracted from.</param>
/// <param name="Expected">The facts the instruction data's extractor finds.</param>
/// <param name="Answer">The accepted value, or null when every attempt failed.</param>
/// <param name="Valid">Whether a reply passed the schema (and deserialized).</param>
/// <param name="FieldAccuracy">The share of the four fields equal to the expected ones (0 without an answer).</param>
/// <param name="Attempts">Requests made.</param>
/// <param name="Elapsed">Time for all of them.</param>
/// <param name="LastReply">The last reply's text.</param>
/// <param name="LastError">Why the last reply was rejected, or null.</param>
public sealed record FactExtractionResult(
    QaItem Item, PassageFacts Expected, PassageFacts? Answer, bool Valid, double FieldAccuracy, int Attempts, TimeSpan Elapsed,
    string LastReply, string? LastError);
