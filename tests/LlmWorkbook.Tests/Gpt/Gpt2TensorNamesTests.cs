using LlmWorkbook.Gpt;

namespace LlmWorkbook.Tests.Gpt;

[Collection(TorchGlobalGenerator.Name)]
public sealed class Gpt2TensorNamesTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Parameter_shapes_are_the_models_parameters(bool bias)
    {
        var config = GptModelTests.Tiny with { Bias = bias };
        using var model = new GptModel(config);
        Assert.Equal(
            model.named_parameters().Select(p => (p.name, p.parameter.shape)),
            Gpt2TensorNames.ParameterShapes(config));
    }

    [Fact]
    public void Conv1D_weights_are_exactly_the_block_projections()
    {
        // In GPT-2's layout a Conv1D weight is (in, out) and its bias (out): the weight's last dimension is the bias
        // length. Every other matrix of a block is a Linear's (out, in). Picking the wrong names breaks one or the other.
        var config = GptModelTests.Tiny with { EmbeddingDim = 8, Heads = 2 };
        var shapes = Gpt2TensorNames.ParameterShapes(config).ToDictionary(p => p.Name, p => p.Shape);
        var blockMatrices = shapes.Where(p => p.Value.Length == 2 && Gpt2TensorNames.BlockIndex(p.Key) is not null).ToList();
        Assert.Equal(4 * config.Layers, blockMatrices.Count);
        Assert.All(blockMatrices, p =>
        {
            Assert.True(Gpt2TensorNames.IsConv1DWeight(p.Key), p.Key);
            var gpt2Layout = p.Value.Reverse().ToArray();
            Assert.Equal(shapes[p.Key[..^"weight".Length] + "bias"][0], gpt2Layout[1]);
        });
        Assert.DoesNotContain(shapes.Keys, name => !blockMatrices.Any(m => m.Key == name) && Gpt2TensorNames.IsConv1DWeight(name));
    }

    [Fact]
    public void Buffers_prefixes_and_blocks_are_recognised()
    {
        Assert.True(Gpt2TensorNames.IsMaskBuffer(Gpt2TensorNames.MaskBuffer(11)));
        Assert.True(Gpt2TensorNames.IsMaskBuffer("h.3.attn.masked_bias"));
        Assert.False(Gpt2TensorNames.IsMaskBuffer(Gpt2TensorNames.Block(3) + Gpt2TensorNames.AttentionQkv + ".bias"));
        Assert.Equal(11, Gpt2TensorNames.BlockIndex(Gpt2TensorNames.MaskBuffer(11)));
        Assert.Null(Gpt2TensorNames.BlockIndex(Gpt2TensorNames.TokenEmbedding));
        Assert.Equal(Gpt2TensorNames.TokenEmbedding, Gpt2TensorNames.WithoutPrefix(Gpt2TensorNames.TransformerPrefix + Gpt2TensorNames.TokenEmbedding));
        Assert.DoesNotContain(Gpt2TensorNames.ParameterShapes(GptModelTests.Tiny), p => p.Name == Gpt2TensorNames.OutputHead);
    }
}
