namespace LlmWorkbook.FineTuning;

/// <summary>
/// A question made from one sentence and its answer, a span copied from that sentence. <paramref name="Kind"/> names
/// what the span is: amount, percentage, count, year, date, person, country or thing.
/// </summary>
internal sealed record ExtractiveQuestion(string Question, string Answer, string Kind);
