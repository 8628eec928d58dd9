using LlmWorkbook.Attention;
using static TorchSharp.torch;

namespace LlmWorkbook.Tests.Attention;

public class ScaledDotProductAttentionTests
{
    private static (Tensor Q, Tensor K, Tensor V) RandomQkv(int t = 7)
    {
        manual_seed(42);
        return (randn(2, 3, t, 8), randn(2, 3, t, 8), randn(2, 3, t, 8));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MatchesTorchReferenceOp(bool causal)
    {
        var (q, k, v) = RandomQkv();
        var ours = ScaledDotProductAttention.Compute(q, k, v, causal);
        var reference = nn.functional.scaled_dot_product_attention(q, k, v, is_casual: causal);
        Assert.True(ours.allclose(reference, rtol: 0, atol: 1e-5), $"max difference {(ours - reference).abs().max().item<float>()}");
    }

    [Fact]
    public void CausalWeightsAreLowerTriangularRowsSummingToOne()
    {
        var (q, k, v) = RandomQkv(5);
        var (_, weights) = ScaledDotProductAttention.Compute(q, k, v, causal: true, dropout: 0, training: false, returnWeights: true);
        Assert.NotNull(weights);
        Assert.True(weights!.sum(-1).allclose(ones(2, 3, 5), atol: 1e-6));
        Assert.Equal(0f, weights.triu(1).abs().sum().item<float>());
    }

    [Fact]
    public void CausalMaskForTrailingQueriesLetsLastQuerySeeEverything()
    {
        // One query against four keys (the KV-cache case): nothing is masked.
        Assert.False(ScaledDotProductAttention.FutureMask(1, 4).any().item<bool>());
        var mask = ScaledDotProductAttention.FutureMask(2, 4);
        Assert.Equal(new[] { false, false, false, true, false, false, false, false }, mask.data<bool>().ToArray());
    }

    [Fact]
    public void CausalSelfAttentionMatchesPerHeadReference()
    {
        manual_seed(3);
        var attention = new CausalSelfAttention(embeddingDim: 16, heads: 4);
        attention.eval();
        var x = randn(2, 6, 16);
        var y = attention.forward(x);

        // The same computation with the reference op, splitting the fused projection by hand.
        var qkv = attention.Qkv.forward(x).split(16, 2);
        Tensor Heads(Tensor t) => t.view(2, 6, 4, 4).transpose(1, 2);
        var reference = nn.functional.scaled_dot_product_attention(Heads(qkv[0]), Heads(qkv[1]), Heads(qkv[2]), is_casual: true);
        var expected = attention.Output.forward(reference.transpose(1, 2).reshape(2, 6, 16));
        Assert.True(y.allclose(expected, rtol: 0, atol: 1e-5));
    }

    [Fact]
    public void KvCacheGivesSameOutputAsFullSequence()
    {
        manual_seed(5);
        var attention = new CausalSelfAttention(embeddingDim: 16, heads: 2);
        attention.eval();
        var x = randn(1, 5, 16);
        var full = attention.forward(x);
        using var cache = new LayerKvCache(1, 2, 8, 8);
        var first = attention.Forward(x.narrow(1, 0, 3), cache, false).Output;
        var rest = Enumerable.Range(3, 2).Select(i => attention.Forward(x.narrow(1, i, 1), cache, false).Output);
        var stepwise = cat(new[] { first }.Concat(rest).ToArray(), 1);
        Assert.True(stepwise.allclose(full, rtol: 0, atol: 1e-5));
    }
}
