using LlmWorkbook.Attention;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmWorkbook.Gpt;

/// <summary>The shape of a GPT. ContextLength is the longest sequence it sees (its number of positions).</summary>
public sealed record GptConfig(
    int VocabSize,
    int ContextLength = 256,
    int Layers = 4,
    int Heads = 4,
    int EmbeddingDim = 256,
    double Dropout = 0.0,
    bool Bias = true)
{
    public int HeadDim => EmbeddingDim / Heads;

    /// <summary>
    /// The parameter count by hand. Embeddings: V·C tokens + T·C positions. Each block: two layer norms (2C each,
    /// C without bias), attention QKV C·3C (+3C) and output C·C (+C), MLP C·4C (+4C) and 4C·C (+C) = 12C² + 13C with
    /// biases. A final layer norm. The output head reuses the token embedding (weight tying), so it adds nothing.
    /// </summary>
    public long ParameterCount
    {
        get
        {
            long c = EmbeddingDim;
            var layerNorm = Bias ? 2 * c : c;
            var block = 2 * layerNorm + 12 * c * c + (Bias ? 9 * c : 0);
            return (long)VocabSize * c + (long)ContextLength * c + Layers * block + layerNorm;
        }
    }

    /// <summary>The weights a forward pass multiplies each token by: all but the position table (a lookup).</summary>
    public long MatmulParameterCount => ParameterCount - (long)ContextLength * EmbeddingDim;
}

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

/// <summary>One <see cref="LayerKvCache"/> per block, sized for the whole context.</summary>
public sealed class GptKvCache : IDisposable
{
    public GptKvCache(GptConfig config, long batch = 1)
    {
        Layers = Enumerable.Range(0, config.Layers)
            .Select(_ => new LayerKvCache(batch, config.Heads, config.ContextLength, config.HeadDim))
            .ToArray();
    }

    public LayerKvCache[] Layers { get; }

    public long Length => Layers[0].Length;

    public void Dispose()
    {
        foreach (var layer in Layers)
        {
            layer.Dispose();
        }
    }
}
