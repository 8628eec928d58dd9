using System.Text.Json;
using LlmWorkbook.Gpt;
using static TorchSharp.torch;

namespace LlmWorkbook.Tests.Gpt;

[Collection(TorchGlobalGenerator.Name)]
public sealed class GptCheckpointTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("checkpoint-test").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    /// <summary>The tiny model's weights, saved with <paramref name="config"/> written in the metadata.</summary>
    private string SaveClaiming(string config)
    {
        var path = Path.Combine(directory, "checkpoint.safetensors");
        using var model = new GptModel(GptModelTests.Tiny);
        SafeTensors.Write(path, model.named_parameters().Select(p => (p.name, (Tensor)p.parameter.detach())),
            new Dictionary<string, string> { [GptCheckpoint.ConfigKey] = config });
        return path;
    }

    [Fact]
    public void A_saved_and_loaded_model_gives_the_same_logits()
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
    public void A_model_saved_as_bf16_takes_half_the_space_and_loads_as_f32_rounded_to_bf16()
    {
        var f32Path = Path.Combine(directory, "f32.safetensors");
        var bf16Path = Path.Combine(directory, "bf16.safetensors");
        using var model = new GptModel(GptModelTests.Tiny, seed: 12);
        GptCheckpoint.Save(model, f32Path);
        GptCheckpoint.Save(model, bf16Path, storage: ScalarType.BFloat16);

        var (entries, _) = SafeTensors.ReadHeader(bf16Path);
        Assert.All(entries, e => Assert.Equal("BF16", e.Dtype));
        Assert.InRange(new FileInfo(bf16Path).Length, 0.45 * new FileInfo(f32Path).Length, 0.55 * new FileInfo(f32Path).Length);
        Assert.Empty(Directory.GetFiles(directory, "*.partial"));

        using var loaded = GptCheckpoint.Load(bf16Path);
        var original = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, parameter) in loaded.named_parameters())
        {
            Assert.Equal(ScalarType.Float32, parameter.dtype);
            using var rounded = original[name].detach().to(ScalarType.BFloat16).to(ScalarType.Float32);
            Assert.True(parameter.equal(rounded).all().item<bool>(), name);
        }
    }

    [Fact]
    public void A_mismatched_shape_names_the_tensor()
    {
        var path = Path.Combine(directory, "wide.safetensors");
        using (var wide = new GptModel(GptModelTests.Tiny with { VocabSize = 60 }))
        {
            GptCheckpoint.Save(wide, path);
        }
        using var model = new GptModel(GptModelTests.Tiny);
        var error = Assert.Throws<InvalidDataException>(() => GptCheckpoint.LoadWeights(model, path));
        Assert.StartsWith($"wide.safetensors: tensor '{Gpt2TensorNames.TokenEmbedding}' has shape [60, 16]", error.Message);
        Assert.Contains("expects [50, 16]", error.Message);
    }

    [Fact]
    public void Missing_and_unexpected_tensors_are_named()
    {
        var deep = Path.Combine(directory, "deep.safetensors");
        using (var model3 = new GptModel(GptModelTests.Tiny with { Layers = 3 }))
        {
            GptCheckpoint.Save(model3, deep);
        }
        using var model = new GptModel(GptModelTests.Tiny);
        var unexpected = Assert.Throws<InvalidDataException>(() => GptCheckpoint.LoadWeights(model, deep));
        Assert.StartsWith($"deep.safetensors: tensor '{Gpt2TensorNames.Block(2)}", unexpected.Message);
        Assert.Contains("not a parameter", unexpected.Message);

        using var model4 = new GptModel(GptModelTests.Tiny with { Layers = 4 });
        var missing = Assert.Throws<InvalidDataException>(() => GptCheckpoint.LoadWeights(model4, deep));
        Assert.StartsWith($"deep.safetensors: tensor '{Gpt2TensorNames.Block(3)}", missing.Message);
        Assert.Contains("missing", missing.Message);
    }

    [Theory]
    [InlineData("VocabSize", 4_000_000, "config vocabulary 4000000 is outside 1 to 2,097,152, the range this library loads")]
    [InlineData("VocabSize", 0, "config vocabulary 0 is outside 1 to 2,097,152, the range this library loads")]
    [InlineData("ContextLength", 1 << 20, "config context length 1048576 is outside 1 to 131,072, the range this library loads")]
    [InlineData("Layers", 1000, "config layers 1000 is outside 1 to 256, the range this library loads")]
    [InlineData("Heads", 0, "config heads 0 is outside 1 to 256, the range this library loads")]
    [InlineData("Heads", 3, "config embedding width 16 is not divisible by its 3 heads")]
    [InlineData("EmbeddingDim", 100_000, "config embedding width 100000 is outside 1 to 16,384, the range this library loads")]
    public void A_config_outside_the_limits_is_rejected_before_the_model_is_built(string field, int value, string problem)
    {
        var config = JsonSerializer.SerializeToNode(GptModelTests.Tiny)!.AsObject();
        config[field] = value;
        var error = Assert.Throws<InvalidDataException>(() => GptCheckpoint.Load(SaveClaiming(config.ToJsonString())));
        Assert.Equal("checkpoint.safetensors: " + problem, error.Message);
    }

    [Fact]
    public void The_config_is_checked_against_the_tensors_before_the_model_is_built()
    {
        // Within every limit, but a model of this config would need about 150 GB: the file's tensors (a few KB)
        // must refuse it before any of it is allocated.
        var huge = GptModelTests.Tiny with { VocabSize = 2_000_000, EmbeddingDim = 16_384, Heads = 128 };
        var error = Assert.Throws<InvalidDataException>(() => GptCheckpoint.Load(SaveClaiming(JsonSerializer.Serialize(huge))));
        Assert.StartsWith($"checkpoint.safetensors: tensor '{Gpt2TensorNames.TokenEmbedding}' has shape [50, 16] but the model", error.Message);
        Assert.EndsWith("expects [2000000, 16384]", error.Message);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("null")]
    [InlineData("[1]")]
    public void A_config_that_is_not_a_GptConfig_is_named(string config)
    {
        var error = Assert.Throws<InvalidDataException>(() => GptCheckpoint.Load(SaveClaiming(config)));
        Assert.StartsWith($"checkpoint.safetensors: metadata '{GptCheckpoint.ConfigKey}' is not a GptConfig (", error.Message);
    }
}
