using System.Buffers.Binary;
using System.Text;
using LlmWorkbook.Gpt;
using static TorchSharp.torch;

namespace LlmWorkbook.Tests.Gpt;

public sealed class SafeTensorsTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("safetensors-test").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void WritesTheDocumentedLayout()
    {
        var path = Path.Combine(directory, "a.safetensors");
        SafeTensors.Write(path, [("x", tensor(new float[] { 1f, -2f }))]);
        var bytes = File.ReadAllBytes(path);
        var n = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, n % 8);
        var header = Encoding.UTF8.GetString(bytes, 8, n).TrimEnd();
        Assert.Equal("""{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", header);
        Assert.Equal(new byte[] { 0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0 }, bytes[(8 + n)..]); // 1.0f and -2.0f, little-endian
    }

    [Fact]
    public void RoundTripsTensorsAndMetadata()
    {
        var path = Path.Combine(directory, "b.safetensors");
        manual_seed(1);
        var a = randn(3, 4);
        var b = arange(5, dtype: ScalarType.Int64);
        SafeTensors.Write(path, [("a", a), ("b", b)], new Dictionary<string, string> { ["note"] = "hi" });
        var (tensors, metadata) = SafeTensors.Read(path);
        Assert.True(tensors["a"].equal(a).all().item<bool>());
        Assert.True(tensors["b"].equal(b).all().item<bool>());
        Assert.Equal("hi", metadata["note"]);
    }

    [Fact]
    public void CheckpointRoundTripGivesSameLogits()
    {
        var path = Path.Combine(directory, "model.safetensors");
        using var model = new GptModel(GptModelTests.Tiny, seed: 11);
        GptCheckpoint.Save(model, path);
        using var loaded = GptCheckpoint.Load(path);
        Assert.Equal(model.Config, loaded.Config);
        var tokens = tensor(new long[] { 1, 2, 3, 4 }, new long[] { 1, 4 });
        Assert.True(model.forward(tokens).equal(loaded.forward(tokens)).all().item<bool>());
    }

    [Fact]
    public void MismatchedShapeNamesTheTensor()
    {
        var path = Path.Combine(directory, "wide.safetensors");
        using (var wide = new GptModel(GptModelTests.Tiny with { VocabSize = 60 }))
        {
            GptCheckpoint.Save(wide, path);
        }
        using var model = new GptModel(GptModelTests.Tiny);
        var error = Assert.Throws<InvalidDataException>(() => GptCheckpoint.LoadWeights(model, path));
        Assert.Contains("'wte.weight' has shape [60, 16]", error.Message);
        Assert.Contains("expects [50, 16]", error.Message);
    }

    [Fact]
    public void MissingAndUnexpectedTensorsAreNamed()
    {
        var deep = Path.Combine(directory, "deep.safetensors");
        using (var model3 = new GptModel(GptModelTests.Tiny with { Layers = 3 }))
        {
            GptCheckpoint.Save(model3, deep);
        }
        using var model = new GptModel(GptModelTests.Tiny);
        var unexpected = Assert.Throws<InvalidDataException>(() => GptCheckpoint.LoadWeights(model, deep));
        Assert.Contains("'h.2.", unexpected.Message);
        Assert.Contains("not a parameter", unexpected.Message);

        using var model4 = new GptModel(GptModelTests.Tiny with { Layers = 4 });
        var missing = Assert.Throws<InvalidDataException>(() => GptCheckpoint.LoadWeights(model4, deep));
        Assert.Contains("'h.3.", missing.Message);
        Assert.Contains("missing", missing.Message);
    }

    [Fact]
    public void Gpt2FileLoadsWithConv1DWeightsTransposed()
    {
        // A GPT-2-shaped file written the way Hugging Face stores it: Conv1D weights as (in, out), mask buffers,
        // a tied lm_head, no config metadata.
        var config = new GptConfig(VocabSize: 40, ContextLength: 12, Layers: 2, Heads: 2, EmbeddingDim: 128);
        using var source = new GptModel(config, seed: 21);
        var conv1D = new[] { "attn.c_attn.weight", "attn.c_proj.weight", "mlp.c_fc.weight", "mlp.c_proj.weight" };
        var tensors = source.named_parameters()
            .Select(p => (p.name, conv1D.Any(p.name.EndsWith) ? p.parameter.detach().t().contiguous() : p.parameter.detach()))
            .ToList();
        tensors.Add(("h.0.attn.bias", ones(1, 1, 12, 12).tril()));
        tensors.Add(("h.1.attn.bias", ones(1, 1, 12, 12).tril()));
        tensors.Add(("lm_head.weight", source.named_parameters().First(p => p.name == "wte.weight").parameter.detach()));
        var path = Path.Combine(directory, "gpt2-small-shaped.safetensors");
        SafeTensors.Write(path, tensors);

        var (raw, _) = SafeTensors.Read(path);
        Assert.Equal(new long[] { 128, 384 }, raw["h.0.attn.c_attn.weight"].shape); // Conv1D: (in, out)
        var mapped = Gpt2Loader.MapNames(raw);
        Assert.Equal(new long[] { 384, 128 }, mapped["h.0.attn.c_attn.weight"].shape);
        Assert.DoesNotContain("lm_head.weight", mapped.Keys);
        Assert.DoesNotContain("h.0.attn.bias", mapped.Keys);
        Assert.Equal(config, Gpt2Loader.InferConfig(raw));

        using var loaded = Gpt2Loader.Load(path);
        var tokens = tensor(new long[] { 3, 1, 4, 1, 5, 9 }, new long[] { 1, 6 });
        Assert.True(loaded.forward(tokens).allclose(source.forward(tokens), rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void Gpt2PrefixedNamesAreAccepted()
    {
        var mapped = Gpt2Loader.MapNames(new Dictionary<string, Tensor> { ["transformer.ln_f.weight"] = ones(4) });
        Assert.Equal(["ln_f.weight"], mapped.Keys);
    }
}
