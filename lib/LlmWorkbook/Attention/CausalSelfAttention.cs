using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmWorkbook.Attention;

/// <summary>
/// Multi-head causal self-attention with one fused projection for Q, K and V (c_attn) and an output projection (c_proj),
/// named as in GPT-2 so that its weights map one to one.
/// </summary>
public sealed class CausalSelfAttention : nn.Module<Tensor, Tensor>
{
    private readonly Linear c_attn;
    private readonly Linear c_proj;
    private readonly Dropout resid_dropout;
    private readonly int heads;
    private readonly double attentionDropout;

    public CausalSelfAttention(int embeddingDim, int heads, double dropout = 0.0, bool bias = true) : base(nameof(CausalSelfAttention))
    {
        if (embeddingDim % heads != 0)
        {
            throw new ArgumentException($"embedding dim {embeddingDim} is not divisible by {heads} heads");
        }
        this.heads = heads;
        attentionDropout = dropout;
        c_attn = nn.Linear(embeddingDim, 3 * embeddingDim, hasBias: bias);
        c_proj = nn.Linear(embeddingDim, embeddingDim, hasBias: bias);
        resid_dropout = nn.Dropout(dropout);
        RegisterComponents();
    }

    public int Heads => heads;

    /// <summary>
    /// Whether a plain forward pass (no cache, no weights asked for) uses TorchSharp's fused attention kernel instead
    /// of <see cref="ScaledDotProductAttention"/>.
    /// </summary>
    public bool UseFusedKernel { get; set; } = true;

    public Linear Qkv => c_attn;

    public Linear Output => c_proj;

    public override Tensor forward(Tensor x) => Forward(x, cache: null, returnWeights: false).Output;

    /// <summary>
    /// x is (B, T, C). With a cache, the new keys and values are appended to it and the queries attend to everything
    /// cached so far. Weights (B, heads, T, S) are returned when asked.
    /// </summary>
    public (Tensor Output, Tensor? Weights) Forward(Tensor x, LayerKvCache? cache, bool returnWeights)
    {
        var (b, t, c) = (x.shape[0], x.shape[1], x.shape[2]);
        var qkv = c_attn.forward(x).split(c, dim: 2);
        var q = SplitHeads(qkv[0], b, t);
        var k = SplitHeads(qkv[1], b, t);
        var v = SplitHeads(qkv[2], b, t);
        if (cache is not null)
        {
            (k, v) = cache.Append(k, v);
        }
        Tensor y;
        Tensor? weights = null;
        if (!returnWeights && UseFusedKernel && (cache is null || t == 1))
        {
            // Same result as ours (the tests check it) in one call, without materialising the T×T weights: faster
            // training, and less per-token overhead when generating. One new token against the cache needs no mask
            // (it may see every cached position); the kernel's own causal mask only fits queries and keys that start
            // together, so a multi-token step against a non-empty cache takes our version.
            y = nn.functional.scaled_dot_product_attention(q, k, v, p: training ? attentionDropout : 0.0, is_casual: cache is null);
        }
        else
        {
            (y, weights) = ScaledDotProductAttention.Compute(q, k, v, causal: true, attentionDropout, training, returnWeights);
        }
        y = y.transpose(1, 2).contiguous().view(b, t, c);
        return (resid_dropout.forward(c_proj.forward(y)), weights);
    }

    private Tensor SplitHeads(Tensor x, long b, long t) => x.view(b, t, heads, -1).transpose(1, 2);
}
