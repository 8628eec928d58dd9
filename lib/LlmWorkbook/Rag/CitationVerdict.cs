namespace LlmWorkbook.Rag;

/// <summary>What <see cref="CitationChecker"/> found in one answer.</summary>
/// <param name="Answered">Whether there is an answer to check (not "not in the corpus").</param>
/// <param name="Cited">Whether the answer cites at least one source.</param>
/// <param name="MissingSources">Cited numbers that name no source given to the reader.</param>
/// <param name="Supported">Whether a cited, existing source contains the answer (normalized as the answer metrics normalize).</param>
public sealed record CitationVerdict(bool Answered, bool Cited, IReadOnlyList<int> MissingSources, bool Supported)
{
    /// <summary>An answer with at least one citation, every cited source existing, and the answer found in one of them.</summary>
    public bool Valid => Answered && Cited && MissingSources.Count == 0 && Supported;
}
