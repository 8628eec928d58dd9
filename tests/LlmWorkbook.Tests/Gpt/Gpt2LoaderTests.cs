using LlmWorkbook.Gpt;
using static TorchSharp.torch;

namespace LlmWorkbook.Tests.Gpt;

[Collection(TorchGlobalGenerator.Name)]
public sealed class Gpt2LoaderTests : IDisposable
{
    private static readonly GptConfig Small = new(VocabSize: 40, ContextLength: 12, Layers: 2, Heads: 2, EmbeddingDim: 128, TanhGelu: true);

    private readonly string directory = Directory.CreateTempSubdirectory("gpt2-test").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string Write(IEnumerable<(string Name, Tensor Tensor)> tensors)
    {
        var path = Path.Combine(directory, "gpt2-shaped.safetensors");
        SafeTensors.Write(path, tensors);
        return path;
    }

    private static void AssertSameLogits(GptModel expected, GptModel actual)
    {
        var tokens = tensor(new long[] { 3, 1, 4, 1, 5, 9 }, new long[] { 1, 6 });
        Assert.True(actual.forward(tokens).allclose(expected.forward(tokens), rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void A_gpt2_file_loads_with_its_Conv1D_weights_transposed()
    {
        // A GPT-2-shaped file as Hugging Face stores it: Conv1D weights as (in, out), mask buffers, no lm_head,
        // no config metadata.
        using var source = new GptModel(Small, seed: 21);
        var path = Write(Gpt2Loader.ToGpt2Layout(source));

        var (raw, _) = SafeTensors.Read(path);
        Assert.DoesNotContain(Gpt2TensorNames.OutputHead, raw.Keys);
        Assert.Contains(Gpt2TensorNames.MaskBuffer(1), raw.Keys);
        var ours = source.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape);
        var conv1D = raw.Keys.Where(Gpt2TensorNames.IsConv1DWeight).ToList();
        Assert.Equal(4 * Small.Layers, conv1D.Count);
        Assert.All(conv1D, name => Assert.Equal(ours[name].Reverse(), raw[name].shape)); // Conv1D: (in, out)
        var mapped = Gpt2Loader.MapNames(raw);
        Assert.Equal(ours.Keys.Order(), mapped.Keys.Order());
        Assert.All(mapped, kv => Assert.Equal(ours[kv.Key], kv.Value.shape));
        Assert.Equal(Small, Gpt2Loader.InferConfig(raw));

        using var loaded = Gpt2Loader.Load(path);
        AssertSameLogits(source, loaded);
    }

    [Fact]
    public void An_output_head_and_a_transformer_prefix_are_accepted()
    {
        using var source = new GptModel(Small, seed: 22);
        var tensors = Gpt2Loader.ToGpt2Layout(source);
        var wte = tensors.Single(t => t.Name == Gpt2TensorNames.TokenEmbedding).Tensor;
        var path = Write(tensors.Select(t => (Gpt2TensorNames.TransformerPrefix + t.Name, t.Tensor)).Append((Gpt2TensorNames.OutputHead, wte)));
        using var loaded = Gpt2Loader.Load(path);
        AssertSameLogits(source, loaded);
    }

    [Fact]
    public void Prefixed_names_are_mapped()
    {
        var mapped = Gpt2Loader.MapNames(new Dictionary<string, Tensor> { [Gpt2TensorNames.TransformerPrefix + Gpt2TensorNames.FinalNorm + ".weight"] = ones(4) });
        Assert.Equal([Gpt2TensorNames.FinalNorm + ".weight"], mapped.Keys);
    }

    [Fact]
    public void A_vocabulary_beyond_the_limit_is_rejected_before_the_model_is_built()
    {
        using var source = new GptModel(Small with { EmbeddingDim = 64, Heads = 1 });
        var tensors = Gpt2Loader.ToGpt2Layout(source)
            .Select(t => t.Name == Gpt2TensorNames.TokenEmbedding ? (t.Name, zeros(new long[] { 3_000_000, 64 }, ScalarType.Int8)) : t);
        var error = Assert.Throws<InvalidDataException>(() => Gpt2Loader.Load(Write(tensors)));
        Assert.Equal("gpt2-shaped.safetensors: config vocabulary 3000000 is outside 1 to 2,097,152, the range this library loads", error.Message);
    }

    [Fact]
    public void A_shape_that_does_not_fit_the_inferred_config_is_named()
    {
        using var source = new GptModel(Small);
        var wrong = Gpt2TensorNames.Block(1) + Gpt2TensorNames.MlpUp + ".weight";
        var tensors = Gpt2Loader.ToGpt2Layout(source).Select(t => t.Name == wrong ? (t.Name, zeros(128, 500)) : t);
        var error = Assert.Throws<InvalidDataException>(() => Gpt2Loader.Load(Write(tensors)));
        Assert.StartsWith($"gpt2-shaped.safetensors: tensor '{wrong}' has shape [500, 128] but the model", error.Message);
        Assert.EndsWith("expects [512, 128]", error.Message);
    }

    [Fact]
    public void A_file_without_a_token_embedding_is_not_gpt2()
    {
        using var source = new GptModel(Small);
        var tensors = Gpt2Loader.ToGpt2Layout(source).Where(t => t.Name != Gpt2TensorNames.TokenEmbedding);
        var error = Assert.Throws<InvalidDataException>(() => Gpt2Loader.Load(Write(tensors)));
        Assert.Equal($"gpt2-shaped.safetensors: not a GPT-2 file: tensor '{Gpt2TensorNames.TokenEmbedding}' is missing", error.Message);
    }
}
