using LlmWorkbook.Gpt;
using static TorchSharp.torch;

namespace LlmWorkbook.Tests.Gpt;

/// <summary>
/// The loader against logits from an independent GPT-2 forward pass: tests/reference/gpt2/make_reference.py wrote a
/// GPT-2-shaped file in Hugging Face's layout and the logits its own PyTorch implementation computes from it.
/// </summary>
public sealed class Gpt2ReferenceLogitsTests
{
    private static string Fixture(string name) => Path.Combine(WorkbookPaths.Root, "tests", "reference", "gpt2", name);

    [Fact]
    public void Loaded_gpt2_weights_give_the_reference_logits_within_1e_4()
    {
        using var model = Gpt2Loader.Load(Fixture("gpt2-tiny.safetensors"), headDim: 16);
        model.eval();
        Assert.Equal(new GptConfig(VocabSize: 96, ContextLength: 32, Layers: 2, Heads: 4, EmbeddingDim: 64, Dropout: 0, Bias: true, TanhGelu: true), model.Config);

        var (reference, _) = SafeTensors.Read(Fixture("gpt2-tiny-logits.safetensors"));
        using var scope = NewDisposeScope();
        var ids = reference["input_ids"];
        var expected = reference["logits"];
        Assert.Equal(new long[] { 2, 32, 96 }, expected.shape);
        Assert.True(expected.std().item<float>() > 1, "the reference logits should vary, or the comparison proves little");

        using var _ = no_grad();
        var actual = model.forward(ids);
        var maxDifference = (actual - expected).abs().max().item<float>();
        Assert.True(maxDifference <= 1e-4, $"largest logit difference {maxDifference:E2}");
    }

    [Fact]
    public void The_tanh_gelu_setting_matters_for_the_reference()
    {
        // Exact GELU on the same weights misses the reference: the check above would notice the wrong activation.
        using var model = Gpt2Loader.Load(Fixture("gpt2-tiny.safetensors"), headDim: 16);
        using var exact = new GptModel(model.Config with { TanhGelu = false });
        GptCheckpoint.CopyInto(exact, model.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter), "the loaded model");
        exact.eval();
        var (reference, _) = SafeTensors.Read(Fixture("gpt2-tiny-logits.safetensors"));
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var maxDifference = (exact.forward(reference["input_ids"]) - reference["logits"]).abs().max().item<float>();
        Assert.True(maxDifference > 1e-3, $"exact GELU came within {maxDifference:E2} of the tanh reference");
    }
}
