using System.Text.RegularExpressions;
using static TorchSharp.torch;

namespace LlmWorkbook.Gpt;

/// <summary>
/// Loads Hugging Face GPT-2 safetensors (e.g. model.safetensors of "gpt2", 124M) into a <see cref="GptModel"/>.
/// The names already match ours (wte, wpe, h.N.ln_1, h.N.attn.c_attn, h.N.attn.c_proj, h.N.ln_2, h.N.mlp.c_fc,
/// h.N.mlp.c_proj, ln_f), possibly under a "transformer." prefix. Two differences: GPT-2's projections are Conv1D
/// layers that store weights as (in, out), the transpose of a Linear's (out, in); and the files carry the causal mask
/// as "attn.bias" / "attn.masked_bias" buffers and a tied "lm_head.weight", which our model does not need.
/// </summary>
public static partial class Gpt2Loader
{
    private static readonly string[] Conv1DWeights = ["attn.c_attn.weight", "attn.c_proj.weight", "mlp.c_fc.weight", "mlp.c_proj.weight"];

    /// <summary>The config implied by the file's shapes. GPT-2 uses 64-dimensional heads (12 heads for 768).</summary>
    public static GptConfig InferConfig(IReadOnlyDictionary<string, Tensor> gpt2Tensors, int headDim = 64)
    {
        var wte = Find(gpt2Tensors, "wte.weight");
        var wpe = Find(gpt2Tensors, "wpe.weight");
        var layers = gpt2Tensors.Keys.Select(k => BlockIndex().Match(k)).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value)).DefaultIfEmpty(-1).Max() + 1;
        var dim = (int)wte.shape[1];
        return new GptConfig((int)wte.shape[0], (int)wpe.shape[0], layers, Math.Max(1, dim / headDim), dim, Dropout: 0.0, Bias: true);
    }

    /// <summary>Our parameter name and tensor for each GPT-2 tensor, transposing Conv1D weights; buffers are skipped.</summary>
    public static Dictionary<string, Tensor> MapNames(IReadOnlyDictionary<string, Tensor> gpt2Tensors)
    {
        var mapped = new Dictionary<string, Tensor>();
        foreach (var (rawName, t) in gpt2Tensors)
        {
            var name = rawName.StartsWith("transformer.") ? rawName["transformer.".Length..] : rawName;
            if (name == "lm_head.weight" || name.EndsWith(".attn.bias") || name.EndsWith(".attn.masked_bias"))
            {
                continue;
            }
            mapped[name] = Conv1DWeights.Any(name.EndsWith) ? t.t().contiguous() : t;
        }
        return mapped;
    }

    public static GptModel Load(string path, int headDim = 64)
    {
        var (tensors, _) = SafeTensors.Read(path);
        try
        {
            var model = new GptModel(InferConfig(tensors, headDim));
            var mapped = MapNames(tensors);
            GptCheckpoint.CopyInto(model, mapped.ToDictionary(kv => kv.Key, kv => kv.Value.to_type(ScalarType.Float32)), Path.GetFileName(path));
            return model;
        }
        finally
        {
            foreach (var t in tensors.Values)
            {
                t.Dispose();
            }
        }
    }

    private static Tensor Find(IReadOnlyDictionary<string, Tensor> tensors, string name)
        => tensors.TryGetValue(name, out var t) ? t
            : tensors.TryGetValue("transformer." + name, out t) ? t
            : throw new InvalidDataException($"not a GPT-2 file: tensor '{name}' is missing");

    [GeneratedRegex(@"^(?:transformer\.)?h\.(\d+)\.")]
    private static partial Regex BlockIndex();
}
