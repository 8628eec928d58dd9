using LlmWorkbook.Rag;

namespace LlmWorkbook.Tests.Rag;

public sealed class RankFusionTests
{
    private static Chunk C(string id) => new(id, 1900, "P", "Republican", 0, 0, id);

    private static IReadOnlyList<RetrievedChunk> Ranking(params (string Id, double Score)[] hits) =>
        hits.Select(h => new RetrievedChunk(C(h.Id), h.Score)).ToList();

    [Fact]
    public void Reciprocal_rank_fusion_sums_one_over_k_plus_rank()
    {
        var lexical = Ranking(("a", 12), ("b", 9), ("c", 1));
        var dense = Ranking(("c", 0.9), ("a", 0.8), ("d", 0.1));

        var fused = RankFusion.Reciprocal([lexical, dense], top: 4, k: 60);

        // a: 1/61 + 1/62; c: 1/63 + 1/61; b: 1/62; d: 1/63.
        Assert.Equal(["a", "c", "b", "d"], fused.Select(h => h.Chunk.Id));
        Assert.Equal(1.0 / 61 + 1.0 / 62, fused[0].Score, 12);
        Assert.Equal(1.0 / 63 + 1.0 / 61, fused[1].Score, 12);
        Assert.Equal(1.0 / 62, fused[2].Score, 12);
        Assert.Equal(1.0 / 63, fused[3].Score, 12);
    }

    [Fact]
    public void Reciprocal_rank_fusion_breaks_ties_by_first_meeting_and_cuts_at_top()
    {
        var fused = RankFusion.Reciprocal([Ranking(("x", 5), ("y", 4)), Ranking(("y", 1), ("x", 0.5))], top: 1, k: 0);

        // x: 1/1 + 1/2 and y: 1/2 + 1/1 tie; x was met first.
        var only = Assert.Single(fused);
        Assert.Equal("x", only.Chunk.Id);
        Assert.Equal(1.5, only.Score, 12);
    }

    [Fact]
    public void Weighted_fusion_scales_each_ranking_by_min_max_before_weighting()
    {
        var lexical = Ranking(("a", 10), ("b", 6), ("c", 2));
        var dense = Ranking(("c", 0.9), ("d", 0.5), ("a", 0.4));

        var fused = RankFusion.Weighted([lexical, dense], [0.25, 0.75], top: 10);

        // a: 0.25·1 + 0.75·0 = 0.25; b: 0.25·0.5 = 0.125; c: 0.25·0 + 0.75·1 = 0.75; d: 0.75·0.2 = 0.15.
        Assert.Equal(["c", "a", "d", "b"], fused.Select(h => h.Chunk.Id));
        Assert.Equal([0.75, 0.25, 0.15, 0.125], fused.Select(h => Math.Round(h.Score, 12)));
    }

    [Fact]
    public void Weighted_fusion_gives_a_ranking_of_equal_scores_full_weight()
    {
        var fused = RankFusion.Weighted([Ranking(("a", 3), ("b", 3)), Ranking()], [1, 1], top: 5);

        Assert.Equal([1.0, 1.0], fused.Select(h => h.Score));
    }

    [Fact]
    public void Bad_arguments_are_named()
    {
        var ranking = Ranking(("a", 1));
        Assert.Equal("rankings", Assert.Throws<ArgumentException>(() => RankFusion.Reciprocal([], 5)).ParamName);
        Assert.Equal("rankings", Assert.Throws<ArgumentException>(() => RankFusion.Reciprocal([Ranking(("a", 1), ("a", 0))], 5)).ParamName);
        Assert.Equal("weights", Assert.Throws<ArgumentException>(() => RankFusion.Weighted([ranking, ranking], [1], 5)).ParamName);
        Assert.Equal("weights", Assert.Throws<ArgumentException>(() => RankFusion.Weighted([ranking], [-1], 5)).ParamName);
        Assert.Equal("top", Assert.Throws<ArgumentOutOfRangeException>(() => RankFusion.Reciprocal([ranking], 0)).ParamName);
    }

    [Fact]
    public async Task A_hybrid_retriever_merges_its_retrievers_rankings()
    {
        var chunks = new[]
        {
            new Chunk("1", 1900, "P", "R", 0, 0, "tariff revenue customs"),
            new Chunk("2", 1900, "P", "R", 0, 0, "the navy and its ships"),
            new Chunk("3", 1900, "P", "R", 0, 0, "customs duties on imports"),
        };
        var bm25 = new Bm25Retriever(chunks);
        var hybrid = new HybridRetriever([bm25, bm25], FusionMethod.ReciprocalRank);

        var alone = await bm25.RetrieveAsync("customs tariff", 3);
        var merged = await hybrid.RetrieveAsync("customs tariff", 3);

        Assert.Equal(alone.Select(h => h.Chunk.Id), merged.Select(h => h.Chunk.Id));
        Assert.Equal(2.0 / 61, merged[0].Score, 12);
        Assert.Equal("hybrid (rrf)", hybrid.Name);
        Assert.Throws<ArgumentException>(() => new HybridRetriever([bm25], FusionMethod.ReciprocalRank));
    }
}
