namespace LlmWorkbook.Rag;

/// <summary>A query and the passage a retriever should find for it, made from chunk <paramref name="ChunkId"/> of a training address.</summary>
/// <param name="Query">The question or sentence to search with.</param>
/// <param name="Passage">The text to find: the chunk's text, or for the inverse cloze task the chunk without the query sentence.</param>
/// <param name="ChunkId">The <see cref="Chunk.Id"/> the pair comes from; no training batch holds two pairs of one chunk.</param>
/// <param name="Kind">How the query was made.</param>
public sealed record RetrievalPair(string Query, string Passage, string ChunkId, RetrievalPairKind Kind);
