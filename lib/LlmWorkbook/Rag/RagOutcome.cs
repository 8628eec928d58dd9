namespace LlmWorkbook.Rag;

/// <summary>What became of one question in a RAG run, for the failure analysis.</summary>
public enum RagOutcome
{
    /// <summary>An answerable question answered (F1 at least 0.5), or an unanswerable one declined.</summary>
    Right,

    /// <summary>An answerable question answered wrongly or declined, with no relevant chunk among the reader's sources.</summary>
    RetrievalMiss,

    /// <summary>An answerable question answered wrongly or declined although a relevant chunk was among the sources.</summary>
    ReadingMiss,

    /// <summary>An unanswerable question answered.</summary>
    FalseAnswer,
}
