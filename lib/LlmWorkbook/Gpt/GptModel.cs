using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmWorkbook.Gpt;

/// <summary>
/// A decoder-only transformer in the style of GPT-2 / nanoGPT. Input: token ids (B, T); output: logits (B, T, V).
/// Parameter names follow GPT-2 (wte, wpe, h.N.ln_1, h.N.attn.c_attn, …, ln_f), which keeps checkpoints readable and
/// GPT-2 weights loadable.
/// </summary>
public sealed class GptModel : nn.Module<Tensor, Tensor>
{
    private readonly Embedding wte;
    private readonly Embedding wpe;
    private readonly Dropout drop;
    private readonly ModuleList<Block> h;
    private readonly LayerNorm ln_f;

    public GptModel(GptConfig config, long seed = 1337) : base(nameof(GptModel))
    {
        Config = config;
        manual_seed(seed);
        wte = nn.Embedding(config.VocabSize, config.EmbeddingDim);
        wpe = nn.Embedding(config.ContextLength, config.EmbeddingDim);
        drop = nn.Dropout(config.Dropout);
        h = nn.ModuleList(Enumerable.Range(0, config.Layers).Select(_ => new Block(config)).ToArray());
        ln_f = nn.LayerNorm(config.EmbeddingDim, bias: config.Bias);
        RegisterComponents();
        InitializeWeights();
    }

    public GptConfig Config { get; }

    public IReadOnlyList<Block> Blocks => h.ToArray();

    public long ParameterCount => parameters().Sum(p => p.numel());

    public override Tensor forward(Tensor tokens) => Forward(tokens, null).Logits;

    /// <summary>
    /// With a cache (one per layer), <paramref name="tokens"/> are the next positions after those already cached.
    /// Attention weights per layer (B, heads, T, S) are returned when asked.
    /// </summary>
    public (Tensor Logits, Tensor[]? Weights) Forward(Tensor tokens, GptKvCache? cache, bool returnWeights = false)
    {
        var t = tokens.shape[1];
        var start = cache?.Length ?? 0;
        if (start + t > Config.ContextLength)
        {
            throw new ArgumentException($"sequence of {start + t} tokens is longer than the context length {Config.ContextLength}");
        }
        var positions = arange(start, start + t, dtype: ScalarType.Int64, device: tokens.device);
        var x = drop.forward(wte.forward(tokens) + wpe.forward(positions));
        var weights = returnWeights ? new Tensor[h.Count] : null;
        for (var i = 0; i < h.Count; i++)
        {
            var (y, w) = h[i].Forward(x, cache?.Layers[i], returnWeights);
            x = y;
            if (weights is not null)
            {
                weights[i] = w!;
            }
        }
        x = ln_f.forward(x);
        // Weight tying: the output head is the token embedding read backwards.
        return (nn.functional.linear(x, wte.weight!), weights);
    }

    /// <summary>GPT-2's initialisation: N(0, 0.02), residual projections scaled by 1/√(2·layers), zero biases.</summary>
    private void InitializeWeights()
    {
        using var _ = no_grad();
        var residualStd = 0.02 / Math.Sqrt(2.0 * Config.Layers);
        foreach (var (name, p) in named_parameters())
        {
            if (name.EndsWith(".bias"))
            {
                p.zero_();
            }
            else if (name.StartsWith("ln_") || name.Contains(".ln_"))
            {
                p.fill_(1.0);
            }
            else
            {
                nn.init.normal_(p, 0.0, name.EndsWith("c_proj.weight") ? residualStd : 0.02);
            }
        }
    }
}
