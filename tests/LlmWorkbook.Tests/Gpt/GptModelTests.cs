using LlmWorkbook.Gpt;
using static TorchSharp.torch;

namespace LlmWorkbook.Tests.Gpt;

[Collection(TorchGlobalGenerator.Name)]
public sealed class GptModelTests
{
    internal static readonly GptConfig Tiny = new(VocabSize: 50, ContextLength: 16, Layers: 2, Heads: 2, EmbeddingDim: 16);

    /// <summary>The tiny model with every parameter drawn from N(0, 0.5²), biases and norms included, so that none is trivial.</summary>
    internal static GptModel RandomizedTiny(GptConfig? config = null)
    {
        var model = new GptModel(config ?? Tiny);
        model.eval();
        using var _ = no_grad();
        manual_seed(5);
        foreach (var p in model.parameters())
        {
            p.copy_(randn_like(p) * 0.5);
        }
        return model;
    }

    [Fact]
    public void Forward_matches_the_forward_pass_written_out()
    {
        using var model = RandomizedTiny();
        using var _ = no_grad();
        var w = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.to_type(ScalarType.Float64));
        Tensor Norm(Tensor x, string name)
        {
            var mean = x.mean([-1], keepdim: true);
            var variance = (x - mean).pow(2).mean([-1], keepdim: true);
            return (x - mean) / (variance + 1e-5).sqrt() * w[name + ".weight"] + w[name + ".bias"];
        }
        Tensor Dense(Tensor x, string name) => x.matmul(w[name + ".weight"].t()) + w[name + ".bias"];
        Tensor Gelu(Tensor x) => 0.5 * x * (1 + (x / Math.Sqrt(2)).erf());

        const int batch = 2, t = 7;
        long c = Tiny.EmbeddingDim, heads = Tiny.Heads, d = Tiny.HeadDim;
        var tokens = tensor(new long[] { 4, 8, 15, 16, 23, 42, 0, 49, 1, 1, 2, 3, 5, 8 }, new long[] { batch, t });
        var future = ones(t, t, dtype: ScalarType.Bool).triu(1);
        var h = w[Gpt2TensorNames.TokenEmbedding][tokens] + w[Gpt2TensorNames.PositionEmbedding][arange(t)]; // (B, T, C)
        for (var layer = 0; layer < Tiny.Layers; layer++)
        {
            var block = Gpt2TensorNames.Block(layer);
            var qkv = Dense(Norm(h, block + Gpt2TensorNames.AttentionNorm), block + Gpt2TensorNames.AttentionQkv); // (B, T, 3C)
            var split = qkv.split(c, 2).Select(z => z.view(batch, t, heads, d).transpose(1, 2)).ToArray(); // 3 × (B, H, T, D)
            var scores = split[0].matmul(split[1].transpose(-2, -1)) / Math.Sqrt(d); // (B, H, T, T)
            var attended = scores.masked_fill(future, double.NegativeInfinity).softmax(-1).matmul(split[2]); // (B, H, T, D)
            h = h + Dense(attended.transpose(1, 2).reshape(batch, t, c), block + Gpt2TensorNames.AttentionOutput);
            var up = Dense(Norm(h, block + Gpt2TensorNames.MlpNorm), block + Gpt2TensorNames.MlpUp); // (B, T, 4C)
            h = h + Dense(Gelu(up), block + Gpt2TensorNames.MlpDown);
        }
        var expected = Norm(h, Gpt2TensorNames.FinalNorm).matmul(w[Gpt2TensorNames.TokenEmbedding].t()); // (B, T, V)

        var logits = model.forward(tokens);
        Assert.Equal(new long[] { batch, t, Tiny.VocabSize }, logits.shape);
        Assert.True(expected.abs().max().item<double>() > 1.0, "the randomized model's logits should not be near zero");
        var difference = (logits.to_type(ScalarType.Float64) - expected).abs().max().item<double>();
        Assert.True(difference < 1e-4, $"largest difference from the written-out forward pass: {difference}");
    }

    [Fact]
    public void Later_tokens_do_not_change_earlier_logits()
    {
        using var model = RandomizedTiny();
        using var _ = no_grad();
        var tokens = tensor(new long[] { 4, 8, 15, 16, 23, 42, 7, 9 }, new long[] { 1, 8 });
        var changed = tokens.clone();
        changed[0, 5] = tensor(11L);
        var before = model.forward(tokens);
        var after = model.forward(changed);
        Assert.True(before.narrow(1, 0, 5).equal(after.narrow(1, 0, 5)).all().item<bool>(), "positions 0–4 must not see token 5");
        Assert.True((before.narrow(1, 5, 3) - after.narrow(1, 5, 3)).abs().amax([-1]).min().item<float>() > 1e-3,
            "positions 5–7 must see token 5");
    }

    [Fact]
    public void The_same_seed_gives_the_same_weights()
    {
        using var a = new GptModel(Tiny, seed: 7);
        using var b = new GptModel(Tiny, seed: 7);
        using var c = new GptModel(Tiny, seed: 8);
        Assert.True(a.parameters().Zip(b.parameters()).All(p => p.First.equal(p.Second).all().item<bool>()));
        Assert.False(a.parameters().Zip(c.parameters()).All(p => p.First.equal(p.Second).all().item<bool>()));
    }

    [Fact]
    public void Kv_cache_logits_match_the_full_forward_pass()
    {
        using var model = RandomizedTiny();
        using var _ = no_grad();
        var tokens = tensor(new long[] { 4, 8, 15, 16, 23, 42 }, new long[] { 1, 6 });
        var full = model.forward(tokens);
        using var cache = new GptKvCache(Tiny);
        var prefix = model.Forward(tokens.narrow(1, 0, 4), cache).Logits;
        var step5 = model.Forward(tokens.narrow(1, 4, 1), cache).Logits;
        var step6 = model.Forward(tokens.narrow(1, 5, 1), cache).Logits;
        Assert.True(cat([prefix, step5, step6], 1).allclose(full, rtol: 0, atol: 1e-5));
    }
}
