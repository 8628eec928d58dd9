using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmWorkbook.Gpt;

/// <summary>
/// Position-wise feed-forward: C → 4C → GELU → C. GELU is exact, x·Φ(x), or with <see cref="GptConfig.TanhGelu"/>
/// GPT-2's approximation 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
/// </summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear c_fc;
    private readonly GELU gelu;
    private readonly bool tanhGelu;
    private readonly Linear c_proj;
    private readonly Dropout dropout;

    public Mlp(GptConfig config) : base(nameof(Mlp))
    {
        c_fc = nn.Linear(config.EmbeddingDim, 4 * config.EmbeddingDim, hasBias: config.Bias);
        gelu = nn.GELU();
        tanhGelu = config.TanhGelu;
        c_proj = nn.Linear(4 * config.EmbeddingDim, config.EmbeddingDim, hasBias: config.Bias);
        dropout = nn.Dropout(config.Dropout);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var hidden = c_fc.forward(x);                                          // (B, T, 4C)
        var activated = tanhGelu ? TanhGelu(hidden) : gelu.forward(hidden);    // (B, T, 4C)
        return dropout.forward(c_proj.forward(activated));                     // (B, T, C)
    }

    /// <summary>GELU by GPT-2's tanh approximation.</summary>
    public static Tensor TanhGelu(Tensor x) =>
        0.5 * x * (1 + tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x.pow(3))));
}
