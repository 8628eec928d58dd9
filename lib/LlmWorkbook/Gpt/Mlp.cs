using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmWorkbook.Gpt;

/// <summary>Position-wise feed-forward: C → 4C → GELU → C.</summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear c_fc;
    private readonly GELU gelu;
    private readonly Linear c_proj;
    private readonly Dropout dropout;

    public Mlp(GptConfig config) : base(nameof(Mlp))
    {
        c_fc = nn.Linear(config.EmbeddingDim, 4 * config.EmbeddingDim, hasBias: config.Bias);
        gelu = nn.GELU();
        c_proj = nn.Linear(4 * config.EmbeddingDim, config.EmbeddingDim, hasBias: config.Bias);
        dropout = nn.Dropout(config.Dropout);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => dropout.forward(c_proj.forward(gelu.forward(c_fc.forward(x))));
}
