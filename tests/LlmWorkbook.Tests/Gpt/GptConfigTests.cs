using LlmWorkbook.Gpt;

namespace LlmWorkbook.Tests.Gpt;

[Collection(TorchGlobalGenerator.Name)]
public sealed class GptConfigTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_parameter_count_formula_matches_the_model(bool bias)
    {
        var config = GptModelTests.Tiny with { Bias = bias };
        using var model = new GptModel(config);
        Assert.Equal(config.ParameterCount, model.ParameterCount);
    }

    [Fact]
    public void Gpt2_small_has_124M_parameters()
    {
        // The published size of GPT-2 small (with the token embedding counted once, tied to the output head).
        var config = new GptConfig(VocabSize: 50257, ContextLength: 1024, Layers: 12, Heads: 12, EmbeddingDim: 768);
        Assert.Equal(124_439_808, config.ParameterCount);
    }
}
