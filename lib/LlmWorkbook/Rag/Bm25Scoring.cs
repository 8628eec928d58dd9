namespace LlmWorkbook.Rag;

/// <summary>How <see cref="Bm25Index"/> computes the BM25 formula.</summary>
public enum Bm25Scoring
{
    /// <summary>Exact document lengths, in double precision.</summary>
    Exact,

    /// <summary>
    /// As Lucene.Net 4.8's BM25Similarity computes it, so that scores equal Lucene's and ties fall alike: each document's
    /// length as Lucene reads it back from its one-byte norm (<see cref="Bm25Index.LuceneOneByteLength"/>; lengths
    /// round up onto a grid about 19% apart), each term's score in single precision, and their sum rounded to single
    /// precision.
    /// </summary>
    Lucene48,
}
