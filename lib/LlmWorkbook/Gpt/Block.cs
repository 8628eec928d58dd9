using LlmWorkbook.Attention;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmWorkbook.Gpt;

/// <summary>A pre-norm transformer block: x + attn(ln(x)), then x + mlp(ln(x)).</summary>
public sealed class Block : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm ln_1;
    private readonly CausalSelfAttention attn;
    private readonly LayerNorm ln_2;
    private readonly Mlp mlp;

    public Block(GptConfig config) : base(nameof(Block))
    {
        ln_1 = nn.LayerNorm(config.EmbeddingDim, bias: config.Bias);
        attn = new CausalSelfAttention(config.EmbeddingDim, config.Heads, config.Dropout, config.Bias);
        ln_2 = nn.LayerNorm(config.EmbeddingDim, bias: config.Bias);
        mlp = new Mlp(config);
        RegisterComponents();
    }

    public CausalSelfAttention Attention => attn;

    public override Tensor forward(Tensor x) => Forward(x, null, false).Output;

    public (Tensor Output, Tensor? Weights) Forward(Tensor x, LayerKvCache? cache, bool returnWeights)
    {
        var (a, weights) = attn.Forward(ln_1.forward(x), cache, returnWeights);
        x = x + a;
        return (x + mlp.forward(ln_2.forward(x)), weights);
    }
}
