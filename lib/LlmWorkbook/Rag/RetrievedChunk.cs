namespace LlmWorkbook.Rag;

/// <summary>A chunk a retriever returned, with its score (higher is better; comparable only within one retriever's ranking).</summary>
public sealed record RetrievedChunk(Chunk Chunk, double Score);
