namespace LlmWorkbook.Rag;

/// <summary>How a training pair's query was made from its passage.</summary>
public enum RetrievalPairKind
{
    /// <summary>A question whose answer is a span of one of the passage's sentences (the instruction data's question writer).</summary>
    Question,

    /// <summary>The inverse cloze task: one sentence of the chunk is the query, the rest of the chunk the passage.</summary>
    InverseCloze,
}
