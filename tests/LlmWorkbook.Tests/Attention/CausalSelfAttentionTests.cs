using LlmWorkbook.Attention;
using static TorchSharp.torch;

namespace LlmWorkbook.Tests.Attention;

[Collection(TorchGlobalGenerator.Name)]
public sealed class CausalSelfAttentionTests
{
    [Fact]
    public void Matches_a_per_head_reference()
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

        // Without the fused kernel the module takes ScaledDotProductAttention: the same numbers.
        attention.UseFusedKernel = false;
        Assert.True(attention.forward(x).allclose(expected, rtol: 0, atol: 1e-5));
    }

    [Fact]
    public void Kv_cache_gives_the_same_output_as_the_full_sequence()
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
