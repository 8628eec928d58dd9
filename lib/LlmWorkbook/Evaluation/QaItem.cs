namespace LlmWorkbook.Evaluation;

/// <summary>An evaluation question with the context a reading-comprehension run gives the model (see <see cref="QaContexts"/>).</summary>
public sealed record QaItem(EvalQuestion Question, string Context);
