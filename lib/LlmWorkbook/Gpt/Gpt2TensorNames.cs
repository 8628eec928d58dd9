using System.Text.RegularExpressions;

namespace LlmWorkbook.Gpt;

/// <summary>
/// The tensor names of GPT-2 as Hugging Face stores it (model.safetensors of "gpt2"), which are also
/// <see cref="GptModel"/>'s parameter names: the one definition that the GPT-2 loader, checkpoints, tests and notebooks
/// share. Hugging Face's files also hold the causal mask of each block as a buffer ("h.N.attn.bias"), and have no
/// output head: GPT-2 ties it to the token embedding (exports that keep it call it "lm_head.weight").
/// </summary>
public static partial class Gpt2TensorNames
{
    /// <summary>The token embedding, (vocabulary, width).</summary>
    public const string TokenEmbedding = "wte.weight";

    /// <summary>The position embedding, (context, width).</summary>
    public const string PositionEmbedding = "wpe.weight";

    /// <summary>The tied output head some exports include; a loader needs only <see cref="TokenEmbedding"/>.</summary>
    public const string OutputHead = "lm_head.weight";

    /// <summary>The prefix of every name in exports of GPT2LMHeadModel's inner "transformer".</summary>
    public const string TransformerPrefix = "transformer.";

    /// <summary>The final layer norm (its ".weight" and ".bias").</summary>
    public const string FinalNorm = "ln_f";

    /// <summary>Block N's layer norm before attention, under <see cref="Block"/>(N).</summary>
    public const string AttentionNorm = "ln_1";

    /// <summary>Block N's fused query/key/value projection, C → 3C (a Conv1D layer in GPT-2).</summary>
    public const string AttentionQkv = "attn.c_attn";

    /// <summary>Block N's attention output projection, C → C (a Conv1D layer in GPT-2).</summary>
    public const string AttentionOutput = "attn.c_proj";

    /// <summary>Block N's layer norm before the MLP.</summary>
    public const string MlpNorm = "ln_2";

    /// <summary>Block N's MLP expansion, C → 4C (a Conv1D layer in GPT-2).</summary>
    public const string MlpUp = "mlp.c_fc";

    /// <summary>Block N's MLP projection back, 4C → C (a Conv1D layer in GPT-2).</summary>
    public const string MlpDown = "mlp.c_proj";

    private static readonly string[] Conv1DLayers = [AttentionQkv, AttentionOutput, MlpUp, MlpDown];

    /// <summary>The prefix of block <paramref name="layer"/>'s names, e.g. "h.0.".</summary>
    public static string Block(int layer) => $"h.{layer}.";

    /// <summary>Block <paramref name="layer"/>'s causal-mask buffer in Hugging Face's files (not a parameter).</summary>
    public static string MaskBuffer(int layer) => Block(layer) + "attn.bias";

    /// <summary>
    /// Every parameter of a <see cref="GptModel"/> with this config, with its shape as the model holds it (a Linear
    /// weight is (out, in); GPT-2's files store the <see cref="IsConv1DWeight">Conv1D weights</see> transposed).
    /// Without biases, the bias entries are absent.
    /// </summary>
    public static IReadOnlyList<(string Name, long[] Shape)> ParameterShapes(GptConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        long c = config.EmbeddingDim;
        var shapes = new List<(string, long[])>
        {
            (TokenEmbedding, [config.VocabSize, c]),
            (PositionEmbedding, [config.ContextLength, c]),
        };
        void LayerNorm(string name)
        {
            shapes.Add((name + ".weight", [c]));
            if (config.Bias)
            {
                shapes.Add((name + ".bias", [c]));
            }
        }
        void Linear(string name, long inputs, long outputs)
        {
            shapes.Add((name + ".weight", [outputs, inputs]));
            if (config.Bias)
            {
                shapes.Add((name + ".bias", [outputs]));
            }
        }
        for (var layer = 0; layer < config.Layers; layer++)
        {
            var block = Block(layer);
            LayerNorm(block + AttentionNorm);
            Linear(block + AttentionQkv, c, 3 * c);
            Linear(block + AttentionOutput, c, c);
            LayerNorm(block + MlpNorm);
            Linear(block + MlpUp, c, 4 * c);
            Linear(block + MlpDown, 4 * c, c);
        }
        LayerNorm(FinalNorm);
        return shapes;
    }

    /// <summary>Whether a (prefix-free) name is one of the weights GPT-2 stores as (in, out).</summary>
    public static bool IsConv1DWeight(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return BlockIndex(name) is not null && Conv1DLayers.Any(layer => name.EndsWith("." + layer + ".weight", StringComparison.Ordinal));
    }

    /// <summary>Whether a (prefix-free) name is a causal-mask buffer ("h.N.attn.bias" or "h.N.attn.masked_bias").</summary>
    public static bool IsMaskBuffer(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return MaskBufferName().IsMatch(name);
    }

    /// <summary>The block number N of a (prefix-free) name under "h.N.", or null.</summary>
    public static int? BlockIndex(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var match = BlockName().Match(name);
        return match.Success && int.TryParse(match.Groups[1].ValueSpan, out var layer) ? layer : null;
    }

    /// <summary>The name without <see cref="TransformerPrefix"/>.</summary>
    public static string WithoutPrefix(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.StartsWith(TransformerPrefix, StringComparison.Ordinal) ? name[TransformerPrefix.Length..] : name;
    }

    [GeneratedRegex(@"^h\.(\d+)\.")]
    private static partial Regex BlockName();

    [GeneratedRegex(@"^h\.\d+\.attn\.(bias|masked_bias)$")]
    private static partial Regex MaskBufferName();
}
