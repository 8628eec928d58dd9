using System.Text.Json;
using LlmWorkbook.Gpt;
using LlmWorkbook.Tokenization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmWorkbook.Rag;

/// <summary>
/// A text encoder for dense retrieval, the same for questions and passages: token embeddings (plus positions) through
/// <see cref="BiEncoderConfig.Layers"/> blocks of the course GPT's kind, a layer norm, the mean over the text's tokens,
/// (or a mean weighted by a learned score per token) and a linear projection scaled to length 1, so that the dot product of two embeddings is their cosine. Input: token
/// ids (B, T) padded on the right and a mask (B, T) of 1 for real tokens; output (B, OutputDim). The blocks' attention
/// is causal, so a real token never attends to the padding after it and a padded text embeds as it does alone.
/// Parameter names follow the GPT's (wte, wpe, h.N…), so <see cref="InitializeFrom"/> copies its first blocks by name.
/// </summary>
public sealed class BiEncoder : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>The metadata key holding the <see cref="BiEncoderConfig"/> as JSON in a saved file.</summary>
    public const string ConfigKey = "bi_encoder_config";

    private readonly Embedding wte;
    private readonly Embedding? wpe;
    private readonly Embedding? token_score;
    private readonly Dropout drop;
    private readonly ModuleList<Block> h;
    private readonly LayerNorm ln_f;
    private readonly Linear proj;

    /// <param name="config">The shape.</param>
    /// <param name="seed">Seeds TorchSharp's global generator before the weights are drawn.</param>
    public BiEncoder(BiEncoderConfig config, long seed = 1337) : base(nameof(BiEncoder))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Check(nameof(config));
        Config = config;
        manual_seed(seed);
        var blocks = config.BlockConfig();
        wte = nn.Embedding(config.VocabSize, config.EmbeddingDim);
        wpe = config.Layers > 0 ? nn.Embedding(config.MaxTokens, config.EmbeddingDim) : null;
        token_score = config.WeightedPooling ? nn.Embedding(config.VocabSize, 1) : null;
        drop = nn.Dropout(config.Dropout);
        h = nn.ModuleList(Enumerable.Range(0, config.Layers).Select(_ => new Block(blocks)).ToArray());
        ln_f = nn.LayerNorm(config.EmbeddingDim);
        proj = nn.Linear(config.EmbeddingDim, config.OutputDim, hasBias: false);
        RegisterComponents();
        InitializeWeights();
    }

    /// <summary>The shape.</summary>
    public BiEncoderConfig Config { get; }

    /// <summary>Parameters in all.</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());

    /// <summary>Unit-length embeddings (B, OutputDim) of token ids (B, T) with their mask (B, T) (1 real, 0 padding).</summary>
    public override Tensor forward(Tensor tokens, Tensor mask)
    {
        var t = tokens.shape[1];
        if (t > Config.MaxTokens)
        {
            throw new ArgumentException($"{t} tokens is more than the encoder's {Config.MaxTokens}", nameof(tokens));
        }
        var x = wte.forward(tokens);                                                                  // (B, T, C)
        if (wpe is not null)
        {
            x = x + wpe.forward(arange(t, dtype: ScalarType.Int64, device: tokens.device));           // (B, T, C)
        }
        x = drop.forward(x);
        foreach (var block in h)
        {
            x = block.forward(x);                                                                     // (B, T, C)
        }
        x = ln_f.forward(x);                                                                          // (B, T, C)
        var weights = mask.to(x.dtype).unsqueeze(-1);                                                 // (B, T, 1)
        if (token_score is not null)
        {
            weights = weights * token_score.forward(tokens).exp();                                    // (B, T, 1)
        }
        var pooled = (x * weights).sum(1) / weights.sum(1).clamp_min(1e-6);                           // (B, C)
        return nn.functional.normalize(proj.forward(pooled), p: 2, dim: -1);                          // (B, D)
    }

    /// <summary>A text's token ids for this encoder: its encoding, cut after <see cref="BiEncoderConfig.MaxTokens"/>.</summary>
    public IReadOnlyList<int> Tokenize(ByteLevelBpeTokenizer tokenizer, string text)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(text);
        var ids = tokenizer.Encode(text);
        return ids.Count <= Config.MaxTokens ? ids : ids.GetRange(0, Config.MaxTokens);
    }

    /// <summary>Token lists padded on the right to the longest: ids (B, T) as int64 and the mask (B, T) as float32.</summary>
    public static (Tensor Tokens, Tensor Mask) Pad(IReadOnlyList<IReadOnlyList<int>> tokenLists)
    {
        ArgumentNullException.ThrowIfNull(tokenLists);
        if (tokenLists.Count == 0)
        {
            throw new ArgumentException("there are no texts to pad", nameof(tokenLists));
        }
        var width = Math.Max(1, tokenLists.Max(l => l.Count));
        var ids = new long[tokenLists.Count * width];
        var mask = new float[tokenLists.Count * width];
        for (var i = 0; i < tokenLists.Count; i++)
        {
            for (var j = 0; j < tokenLists[i].Count; j++)
            {
                ids[i * width + j] = tokenLists[i][j];
                mask[i * width + j] = 1;
            }
        }
        return (tensor(ids, [tokenLists.Count, width]), tensor(mask, [tokenLists.Count, width]));
    }

    /// <summary>
    /// Copies a GPT's token embeddings, the first <see cref="BiEncoderConfig.MaxTokens"/> rows of its position table
    /// and its first <see cref="BiEncoderConfig.Layers"/> blocks; the final layer norm and the projection stay as they are.
    /// </summary>
    public void InitializeFrom(GptModel gpt)
    {
        ArgumentNullException.ThrowIfNull(gpt);
        var g = gpt.Config;
        if (g.VocabSize != Config.VocabSize || g.EmbeddingDim != Config.EmbeddingDim || g.Heads != Config.Heads
            || g.Layers < Config.Layers || g.ContextLength < Config.MaxTokens || !g.Bias || g.TanhGelu)
        {
            throw new ArgumentException($"the GPT {GptCheckpoint.Describe(g)} does not fit the bi-encoder {Config}", nameof(gpt));
        }
        var source = gpt.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using var _ = no_grad();
        foreach (var (name, parameter) in named_parameters())
        {
            if (source.TryGetValue(name, out var weights))
            {
                parameter.copy_(name == Gpt2TensorNames.PositionEmbedding ? weights.narrow(0, 0, Config.MaxTokens) : weights);
            }
        }
    }

    /// <summary>Writes the weights and config (plus any metadata) as safetensors, each tensor as <paramref name="storage"/> (default: float32).</summary>
    public void Save(string path, IReadOnlyDictionary<string, string>? extraMetadata = null, ScalarType? storage = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var metadata = new Dictionary<string, string>(extraMetadata ?? new Dictionary<string, string>())
        {
            [ConfigKey] = JsonSerializer.Serialize(Config),
        };
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        SafeTensors.Write(path, named_parameters().Select(p => (p.name, storage is { } type ? p.parameter.to(type) : (Tensor)p.parameter)), metadata);
    }

    /// <summary>A bi-encoder built from the config a file holds, with its weights; names and shapes are checked first.</summary>
    public static BiEncoder Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fileName = Path.GetFileName(path);
        var (entries, metadata) = SafeTensors.ReadHeader(path);
        if (!metadata.TryGetValue(ConfigKey, out var json))
        {
            throw new InvalidDataException($"{fileName} has no '{ConfigKey}' metadata: not a bi-encoder file");
        }
        BiEncoderConfig config;
        try
        {
            config = JsonSerializer.Deserialize<BiEncoderConfig>(json) ?? throw new JsonException("null");
            config.Check(nameof(path));
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            throw new InvalidDataException($"{fileName}: metadata '{ConfigKey}' is not a valid bi-encoder config ({e.Message})", e);
        }
        var model = new BiEncoder(config);
        try
        {
            var expected = model.named_parameters().Select(p => (p.name, p.parameter.shape));
            GptCheckpoint.CheckShapes(entries.Select(e => (e.Name, e.Shape)), expected, config.ToString(), fileName);
            var (tensors, _) = SafeTensors.Read(path);
            try
            {
                using var _ = no_grad();
                foreach (var (name, parameter) in model.named_parameters())
                {
                    parameter.copy_(tensors[name]);
                }
            }
            finally
            {
                foreach (var t in tensors.Values)
                {
                    t.Dispose();
                }
            }
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>GPT-2's initialisation, as <see cref="GptModel"/> has it: N(0, 0.02), residual projections scaled by 1/√(2·layers), zero biases.</summary>
    private void InitializeWeights()
    {
        using var _ = no_grad();
        var residualStd = 0.02 / Math.Sqrt(2.0 * Math.Max(1, Config.Layers));
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
            else if (name.StartsWith("token_score"))
            {
                p.zero_();
            }
            else
            {
                nn.init.normal_(p, 0.0, name.EndsWith("c_proj.weight") ? residualStd : 0.02);
            }
        }
    }
}
