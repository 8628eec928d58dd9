using LlmWorkbook.Evaluation;
using LlmWorkbook.Rag;
using Microsoft.Extensions.AI;
using static TorchSharp.torch;

namespace LlmWorkbook.Programs;

/// <summary>
/// Recall@5 and MRR of a ranking of all chunks for each answerable question (<see cref="RelevanceJudgments"/>,
/// <see cref="RetrievalMetrics"/>); a dense ranking is an exact scan: the dot products of unit vectors, highest first.
/// </summary>
internal static class RetrievalEvaluation
{
    /// <summary>How deep each ranking goes (MRR counts a first relevant chunk below this as not found).</summary>
    public const int Depth = 100;

    public static (double RecallAt5, double Mrr) Score(IReadOnlyList<EvalQuestion> questions, RelevanceJudgments judgments, IReadOnlyList<IReadOnlyList<string>> rankings)
    {
        double recall = 0, mrr = 0;
        for (var i = 0; i < questions.Count; i++)
        {
            var grades = judgments.For(questions[i]);
            recall += RetrievalMetrics.RecallAt(rankings[i], grades, 5);
            mrr += RetrievalMetrics.ReciprocalRank(rankings[i], grades);
        }
        return (recall / questions.Count, mrr / questions.Count);
    }

    /// <summary>
    /// The share of held-out pairs whose chunk is among the top <paramref name="k"/> of <paramref name="chunks"/> for the
    /// pair's query: how the training command picks the weights it keeps, with no evaluation question involved.
    /// </summary>
    public static async Task<double> PairHitRate(
        IEmbeddingGenerator<string, Embedding<float>> generator, IReadOnlyList<Chunk> chunks, IReadOnlyList<RetrievalPair> pairs, int k)
    {
        var ids = await TopChunks(generator, chunks, pairs.Select(p => p.Query).ToList(), k);
        var hits = pairs.Where((p, i) => ids[(i * k)..((i + 1) * k)].Any(j => chunks[(int)j].Id == p.ChunkId)).Count();
        return hits / (double)pairs.Count;
    }

    public static IReadOnlyList<IReadOnlyList<string>> Bm25Rankings(IReadOnlyList<Chunk> chunks, IReadOnlyList<EvalQuestion> questions)
    {
        var index = new Bm25Index(chunks.Select(c => (c.Id, c.Text)));
        return questions.Select(q => (IReadOnlyList<string>)index.Search(q.Question, Depth).Select(h => h.Id).ToList()).ToList();
    }

    public static async Task<IReadOnlyList<IReadOnlyList<string>>> DenseRankings(
        IEmbeddingGenerator<string, Embedding<float>> generator, IReadOnlyList<Chunk> chunks, IReadOnlyList<EvalQuestion> questions)
    {
        var ids = await TopChunks(generator, chunks, questions.Select(q => q.Question).ToList(), Depth);
        return Enumerable.Range(0, questions.Count)
            .Select(i => (IReadOnlyList<string>)ids[(i * Depth)..((i + 1) * Depth)].Select(j => chunks[(int)j].Id).ToList()).ToList();
    }

    // For each query in turn, the indices of its k nearest chunks (dot products of unit vectors, highest first), flattened.
    private static async Task<long[]> TopChunks(
        IEmbeddingGenerator<string, Embedding<float>> generator, IReadOnlyList<Chunk> chunks, IReadOnlyList<string> queries, int k)
    {
        var chunkVectors = await generator.GenerateAsync(chunks.Select(c => c.Text));
        var queryVectors = await generator.GenerateAsync(queries);
        using var scope = NewDisposeScope();
        var d = chunkVectors[0].Vector.Length;
        var c = tensor(chunkVectors.SelectMany(e => e.Vector.ToArray()).ToArray(), [chunks.Count, d]);
        var q = tensor(queryVectors.SelectMany(e => e.Vector.ToArray()).ToArray(), [queries.Count, d]);
        var (_, top) = q.matmul(c.t()).topk(k, dim: 1);                                                // (queries, k)
        return top.data<long>().ToArray();
    }
}
