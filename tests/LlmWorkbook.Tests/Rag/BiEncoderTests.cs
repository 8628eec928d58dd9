using LlmWorkbook.Gpt;
using LlmWorkbook.Rag;
using static TorchSharp.torch;

namespace LlmWorkbook.Tests.Rag;

[Collection(TorchGlobalGenerator.Name)]
public sealed class BiEncoderTests
{
    internal static readonly BiEncoderConfig Tiny = new(VocabSize: 50, MaxTokens: 16, Layers: 1, Heads: 2, EmbeddingDim: 8, OutputDim: 4);

    private static readonly IReadOnlyList<int>[] Texts = [[3, 14, 15, 9, 2, 6], [5, 3], [7, 7, 7, 1, 0, 42, 49, 8, 8]];

    private static float[][] Embed(BiEncoder model, IReadOnlyList<IReadOnlyList<int>> texts)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        model.eval();
        var (tokens, mask) = BiEncoder.Pad(texts);
        var output = model.forward(tokens, mask);
        return Enumerable.Range(0, texts.Count).Select(i => output[i].data<float>().ToArray()).ToArray();
    }

    private static double Norm(float[] v) => Math.Sqrt(v.Sum(x => (double)x * x));

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(2, true)]
    public void Embeddings_have_the_output_dimension_and_unit_length(int layers, bool weighted)
    {
        using var model = new BiEncoder(Tiny with { Layers = layers, WeightedPooling = weighted });
        var vectors = Embed(model, Texts);
        Assert.Equal(3, vectors.Length);
        Assert.All(vectors, v => Assert.Equal(4, v.Length));
        Assert.All(vectors, v => Assert.Equal(1, Norm(v), 5));
    }

    [Fact]
    public void Padding_does_not_change_a_text_s_embedding()
    {
        using var model = new BiEncoder(Tiny with { WeightedPooling = true });
        var together = Embed(model, Texts);
        for (var i = 0; i < Texts.Length; i++)
        {
            var alone = Embed(model, [Texts[i]])[0];
            Assert.Equal(alone, together[i], (a, b) => Math.Abs(a - b) < 1e-6f);
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_vectors_and_another_seed_others()
    {
        using var first = new BiEncoder(Tiny, seed: 7);
        using var second = new BiEncoder(Tiny, seed: 7);
        using var other = new BiEncoder(Tiny, seed: 8);
        Assert.Equal(Embed(first, Texts), Embed(second, Texts));
        Assert.NotEqual(Embed(first, Texts)[0], Embed(other, Texts)[0]);
    }

    [Fact]
    public void An_empty_text_embeds_as_zeros()
    {
        using var model = new BiEncoder(Tiny with { WeightedPooling = true });
        var vectors = Embed(model, [[], [1, 2]]);
        Assert.All(vectors[0], x => Assert.Equal(0f, x));
        Assert.Equal(1, Norm(vectors[1]), 5);
    }

    [Fact]
    public void Saving_and_loading_gives_identical_embeddings()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bi-encoder-{Guid.NewGuid():N}.safetensors");
        try
        {
            using var model = new BiEncoder(Tiny with { WeightedPooling = true }, seed: 3);
            using (no_grad())
            {
                // Non-zero token scores, so that the round trip is checked for them too.
                model.named_parameters().Single(p => p.name == "token_score.weight").parameter.normal_();
            }
            model.Save(path, new Dictionary<string, string> { ["step"] = "12" });
            using var loaded = BiEncoder.Load(path);
            Assert.Equal(model.Config, loaded.Config);
            Assert.Equal(Embed(model, Texts), Embed(loaded, Texts));
            Assert.Equal("12", SafeTensors.ReadHeader(path).Metadata["step"]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Loading_refuses_a_file_that_is_not_a_bi_encoder()
    {
        var path = Path.Combine(Path.GetTempPath(), $"gpt-{Guid.NewGuid():N}.safetensors");
        try
        {
            using var gpt = new GptModel(new GptConfig(50, ContextLength: 16, Layers: 1, Heads: 2, EmbeddingDim: 8));
            GptCheckpoint.Save(gpt, path);
            var error = Assert.Throws<InvalidDataException>(() => BiEncoder.Load(path));
            Assert.Contains(BiEncoder.ConfigKey, error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Initializing_from_a_gpt_copies_its_token_vectors_positions_and_first_blocks()
    {
        using var gpt = new GptModel(new GptConfig(50, ContextLength: 32, Layers: 3, Heads: 2, EmbeddingDim: 8), seed: 5);
        using var model = new BiEncoder(Tiny with { Layers = 2 });
        model.InitializeFrom(gpt);
        var source = gpt.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var copied = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.True(copied["wte.weight"].equal(source["wte.weight"]).all().item<bool>());
        Assert.True(copied["wpe.weight"].equal(source["wpe.weight"].narrow(0, 0, 16)).all().item<bool>());
        Assert.True(copied["h.1.mlp.c_fc.weight"].equal(source["h.1.mlp.c_fc.weight"]).all().item<bool>());
        Assert.DoesNotContain("h.2.mlp.c_fc.weight", copied.Keys);
        Assert.Throws<ArgumentException>(() => new BiEncoder(Tiny with { Layers = 4 }).InitializeFrom(gpt));
    }

    [Fact]
    public void Arguments_are_checked()
    {
        Assert.Throws<ArgumentException>(() => new BiEncoder(Tiny with { Heads = 3 }));
        Assert.Throws<ArgumentException>(() => new BiEncoder(Tiny with { Layers = -1 }));
        Assert.Throws<ArgumentException>(() => BiEncoder.Pad([]));
        using var model = new BiEncoder(Tiny);
        var (tokens, mask) = BiEncoder.Pad([Enumerable.Range(0, 17).ToList()]);
        Assert.Throws<ArgumentException>(() => model.forward(tokens, mask));
    }
}
