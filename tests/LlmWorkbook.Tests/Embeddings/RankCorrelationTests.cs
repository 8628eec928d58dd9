using LlmWorkbook.Embeddings;

namespace LlmWorkbook.Tests.Embeddings;

public sealed class RankCorrelationTests
{
    [Fact]
    public void Tied_values_share_their_average_rank()
    {
        Assert.Equal(new[] { 1.0, 2.5, 2.5, 4.0 }, RankCorrelation.Ranks([10, 20, 20, 30]));
        Assert.Equal(new[] { 2.0, 2.0, 2.0 }, RankCorrelation.Ranks([5, 5, 5]));
        Assert.Equal(new[] { 3.0, 1.0, 2.0 }, RankCorrelation.Ranks([0.3, -1, 0.1]));
    }

    [Fact]
    public void A_hand_computed_case_with_ties()
    {
        // y's ranks are 1, 2, 3.5, 5, 3.5; against x's 1..5: Σdxdy = 8, Σdx² = 10, Σdy² = 9.5, ρ = 8/√95.
        var rho = RankCorrelation.Spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]);
        Assert.Equal(8 / Math.Sqrt(95), rho, 12);
        Assert.Equal(0.8207826816681233, rho, 12);
    }

    [Fact]
    public void A_hand_computed_case_with_ties_on_both_sides()
    {
        // x ranks: 4, 1.5, 5, 1.5, 6, 8, 3, 7; y ranks: 3.5, 5, 1.5, 7, 3.5, 7, 1.5, 7.
        // Σdxdy = 8, Σdx² = 41.5, Σdy² = 39, so ρ = 8/√(41.5·39).
        var rho = RankCorrelation.Spearman([3, 1, 4, 1, 5, 9, 2, 6], [2, 7, 1, 8, 2, 8, 1, 8]);
        Assert.Equal(8 / Math.Sqrt(41.5 * 39), rho, 12);
    }

    [Fact]
    public void Without_ties_it_matches_the_rank_difference_formula()
    {
        var random = new Random(3);
        var x = Enumerable.Range(0, 40).Select(_ => random.NextDouble()).ToArray();
        var y = x.Select(v => v + random.NextDouble()).ToArray();
        var dx = RankCorrelation.Ranks(x);
        var dy = RankCorrelation.Ranks(y);
        var n = x.Length;
        var sumSquared = dx.Zip(dy, (a, b) => (a - b) * (a - b)).Sum();
        var formula = 1 - 6 * sumSquared / (n * ((double)n * n - 1));
        Assert.Equal(formula, RankCorrelation.Spearman(x, y), 12);
    }

    [Fact]
    public void Only_the_order_matters()
    {
        double[] x = [1, 2, 3, 4, 5, 6];
        Assert.Equal(1, RankCorrelation.Spearman(x, x.Select(v => Math.Exp(v)).ToArray()), 12);
        Assert.Equal(-1, RankCorrelation.Spearman(x, x.Select(v => -v * v * v).ToArray()), 12);
    }

    [Fact]
    public void Constant_input_has_no_correlation()
    {
        Assert.True(double.IsNaN(RankCorrelation.Spearman([1, 2, 3], [4, 4, 4])));
        Assert.Throws<ArgumentException>(() => RankCorrelation.Spearman([1, 2], [1, 2, 3]));
    }
}
