namespace LlmWorkbook.Rag;

/// <summary>
/// Which (query, passage) pairs <see cref="RetrievalPairGenerator"/> makes: the passages are
/// <see cref="Chunker.BySentences"/> chunks of <paramref name="ChunkWords"/> words with
/// <paramref name="OverlapSentences"/> sentences of overlap (the chunks retrieval searches), every
/// <paramref name="AddressStride"/>-th training address; each chunk gives at most <paramref name="QuestionsPerChunk"/>
/// questions and <paramref name="ClozePerChunk"/> inverse-cloze pairs.
/// </summary>
/// <param name="Seed">Seeds the choice of questions, cloze sentences and how a question names its address.</param>
/// <param name="ChunkWords">The chunks' word limit.</param>
/// <param name="OverlapSentences">Sentences shared by neighbouring chunks.</param>
/// <param name="QuestionsPerChunk">Questions kept per chunk, each from a different sentence where possible.</param>
/// <param name="ClozePerChunk">Inverse-cloze pairs per chunk (0 for none).</param>
/// <param name="AddressStride">1 for every training address, n for every n-th (a quick run).</param>
public sealed record RetrievalPairConfig(
    int Seed,
    int ChunkWords = 120,
    int OverlapSentences = 0,
    int QuestionsPerChunk = 4,
    int ClozePerChunk = 1,
    int AddressStride = 1)
{
    /// <summary>Throws an <see cref="ArgumentException"/> naming <paramref name="argumentName"/> unless the counts make sense.</summary>
    public void Check(string argumentName)
    {
        if (ChunkWords < 1 || OverlapSentences < 0 || QuestionsPerChunk < 0 || ClozePerChunk < 0 || AddressStride < 1
            || QuestionsPerChunk + ClozePerChunk == 0)
        {
            throw new ArgumentException(
                $"chunks need a positive word limit, counts cannot be negative, at least one pair per chunk, and a stride of 1 or more: {this}", argumentName);
        }
    }
}
