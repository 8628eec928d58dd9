using System.Text.Json;
using LlmWorkbook.Gpt;
using static TorchSharp.torch;

namespace LlmWorkbook.Tests.Gpt;

[Collection(TorchGlobalGenerator.Name)]
public sealed class MlpTests
{
    // GELU at -3, -1, 0, 0.5, 1, 2: exact x·Φ(x) and the tanh approximation, from Python's math.erf and math.tanh
    // (python3 -c "import math; ..." with the two formulas), an implementation independent of libtorch's.
    private static readonly float[] Inputs = [-3f, -1f, 0f, 0.5f, 1f, 2f];
    private static readonly double[] Exact = [-0.00404969409489031, -0.15865525393145707, 0.0, 0.34573123063700656, 0.8413447460685429, 1.9544997361036416];
    private static readonly double[] Tanh = [-0.0036373920817729943, -0.15880800939172324, 0.0, 0.34571400982514394, 0.8411919906082768, 1.954597694087775];

    [Fact]
    public void Tanh_gelu_matches_reference_values_and_differs_from_the_exact_form()
    {
        using var scope = NewDisposeScope();
        var approximated = Mlp.TanhGelu(tensor(Inputs)).data<float>().ToArray();
        var exact = nn.functional.gelu(tensor(Inputs)).data<float>().ToArray();
        for (var i = 0; i < Inputs.Length; i++)
        {
            Assert.Equal(Tanh[i], approximated[i], 1e-6);
            Assert.Equal(Exact[i], exact[i], 1e-6);
        }
        Assert.True(Math.Abs(approximated[4] - exact[4]) > 1e-4, "at x = 1 the two forms differ by 1.5e-4");
    }

    [Fact]
    public void The_config_chooses_the_gelu_of_the_mlp()
    {
        using var scope = NewDisposeScope();
        var config = new GptConfig(VocabSize: 16, ContextLength: 4, Layers: 1, Heads: 1, EmbeddingDim: 4);
        manual_seed(3);
        using var exactMlp = new Mlp(config);
        manual_seed(3);
        using var tanhMlp = new Mlp(config with { TanhGelu = true });
        exactMlp.eval();
        tanhMlp.eval();
        var x = linspace(-2, 2, 8).reshape(1, 2, 4);
        var exact = exactMlp.forward(x);
        var approximated = tanhMlp.forward(x);
        Assert.False(exact.allclose(approximated, rtol: 0, atol: 1e-7), "the same weights with the other GELU give other outputs");
        Assert.True(exact.allclose(approximated, rtol: 0, atol: 1e-2), "but only slightly");
    }

    [Fact]
    public void The_config_json_leaves_out_the_default_gelu_so_course_checkpoints_keep_their_bytes()
    {
        var course = new GptConfig(VocabSize: 16);
        Assert.DoesNotContain("TanhGelu", JsonSerializer.Serialize(course));
        var gpt2 = course with { TanhGelu = true };
        Assert.Equal(gpt2, JsonSerializer.Deserialize<GptConfig>(JsonSerializer.Serialize(gpt2)));
        Assert.Equal(course, JsonSerializer.Deserialize<GptConfig>(JsonSerializer.Serialize(course)));
    }
}
