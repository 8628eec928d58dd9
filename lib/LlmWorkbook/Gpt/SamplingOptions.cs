namespace LlmWorkbook.Gpt;

/// <summary>
/// How to pick the next token. Temperature 0 is greedy (the most likely token). TopK keeps the k most likely tokens,
/// TopP the smallest set of most likely tokens whose probabilities sum to at least p; both may be combined.
/// </summary>
public sealed record SamplingOptions(double Temperature = 1.0, int? TopK = null, double? TopP = null)
{
    public static SamplingOptions Greedy { get; } = new(Temperature: 0);
}
