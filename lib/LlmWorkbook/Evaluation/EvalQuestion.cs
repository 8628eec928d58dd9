namespace LlmWorkbook.Evaluation;

/// <summary>
/// One question of the course's evaluation set (data/eval). An answerable question cites the address (year and
/// president) and the evidence, an exact quote of one or two sentences of it that contains the answer, a short span.
/// An unanswerable one has <see cref="EvalSet.NotInCorpus"/> as its answer, no evidence, and the terms it depends on
/// that occur in no address.
/// </summary>
public sealed record EvalQuestion(
    string Id,
    string Question,
    string Answer,
    int Year,
    string President,
    string? Evidence,
    string Category,
    IReadOnlyList<string>? AbsentTerms = null)
{
    public bool Answerable => Evidence is not null;
}
