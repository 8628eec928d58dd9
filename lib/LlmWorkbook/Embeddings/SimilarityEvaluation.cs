namespace LlmWorkbook.Embeddings;

/// <summary>How well a table of vectors agrees with a gold set.</summary>
/// <param name="Spearman">Spearman's ρ between gold scores and cosine similarities over the pairs the table covers.</param>
/// <param name="Covered">Pairs whose two words both have vectors.</param>
/// <param name="Total">Pairs in the gold set.</param>
/// <param name="Scored">Each covered pair with the cosine similarity of its two words' vectors, in gold-set order.</param>
public sealed record SimilarityEvaluation(double Spearman, int Covered, int Total, IReadOnlyList<(WordPair Pair, double Cosine)> Scored);
