namespace LlmWorkbook.Rag;

/// <summary>Finds the chunks of a corpus that best match a query, best first.</summary>
public interface IChunkRetriever
{
    /// <summary>A short name for tables and charts, e.g. "bm25" or "hybrid (rrf)".</summary>
    string Name { get; }

    /// <summary>At most <paramref name="top"/> chunks, best first.</summary>
    Task<IReadOnlyList<RetrievedChunk>> RetrieveAsync(string query, int top, CancellationToken cancellationToken = default);
}
