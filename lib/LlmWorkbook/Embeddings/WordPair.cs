namespace LlmWorkbook.Embeddings;

/// <summary>One scored word pair of a similarity gold set: how related people judge the two words (higher is more).</summary>
public sealed record WordPair(string First, string Second, double Score);
