using static TorchSharp.torch;

namespace LlmWorkbook.Gpt;

/// <summary>
/// Loads Hugging Face GPT-2 safetensors (e.g. model.safetensors of "gpt2", 124M) into a <see cref="GptModel"/>.
/// The names already match ours (see <see cref="Gpt2TensorNames"/>), possibly under a "transformer." prefix. Two
/// differences: GPT-2's projections are Conv1D layers that store weights as (in, out), the transpose of a Linear's
/// (out, in); and the files carry the causal mask as "attn.bias" / "attn.masked_bias" buffers, which our model does
/// not need. The output head is tied to the token embedding, so a file need not hold "lm_head.weight" (Hugging
/// Face's do not); when it does, it is ignored.
/// </summary>
public static class Gpt2Loader
{
    /// <summary>The config implied by the file's shapes. GPT-2 uses 64-dimensional heads (12 heads for 768).</summary>
    public static GptConfig InferConfig(IReadOnlyDictionary<string, Tensor> gpt2Tensors, int headDim = 64)
    {
        ArgumentNullException.ThrowIfNull(gpt2Tensors);
        return InferConfig(gpt2Tensors.Select(kv => (kv.Key, kv.Value.shape)), headDim, "GPT-2 tensors");
    }

    /// <summary>Our parameter name and tensor for each GPT-2 tensor, transposing Conv1D weights; buffers are skipped.</summary>
    public static Dictionary<string, Tensor> MapNames(IReadOnlyDictionary<string, Tensor> gpt2Tensors)
    {
        ArgumentNullException.ThrowIfNull(gpt2Tensors);
        var mapped = new Dictionary<string, Tensor>();
        foreach (var (rawName, t) in gpt2Tensors)
        {
            var name = Gpt2TensorNames.WithoutPrefix(rawName);
            if (name == Gpt2TensorNames.OutputHead || Gpt2TensorNames.IsMaskBuffer(name))
            {
                continue;
            }
            mapped[name] = Gpt2TensorNames.IsConv1DWeight(name) ? t.t().contiguous() : t;
        }
        return mapped;
    }

    /// <summary>
    /// The model's tensors as Hugging Face stores GPT-2: Conv1D weights transposed to (in, out), plus each block's
    /// causal-mask buffer; no output head. What <see cref="Load"/> reads, for writing small GPT-2-shaped files.
    /// </summary>
    public static List<(string Name, Tensor Tensor)> ToGpt2Layout(GptModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!model.Config.Bias)
        {
            throw new ArgumentException("GPT-2 has biases; this model has none", nameof(model));
        }
        var tensors = model.named_parameters()
            .Select(p => (p.name, Gpt2TensorNames.IsConv1DWeight(p.name) ? p.parameter.detach().t().contiguous() : p.parameter.detach()))
            .ToList();
        var context = model.Config.ContextLength;
        for (var layer = 0; layer < model.Config.Layers; layer++)
        {
            tensors.Add((Gpt2TensorNames.MaskBuffer(layer), ones(1, 1, context, context).tril()));
        }
        return tensors;
    }

    /// <summary>
    /// A model with the file's weights. The config inferred from the header's shapes is checked
    /// (<see cref="GptCheckpoint.CheckConfig"/>), and so is every tensor's shape against it, before the model is built.
    /// </summary>
    public static GptModel Load(string path, int headDim = 64)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(headDim, 1);
        var fileName = Path.GetFileName(path);
        var (entries, _) = SafeTensors.ReadHeader(path);
        var shapes = entries.Select(e => (e.Name, e.Shape)).ToList();
        var config = InferConfig(shapes, headDim, fileName);
        GptCheckpoint.CheckConfig(config, fileName);
        var parameterShapes = shapes
            .Select(s => (Name: Gpt2TensorNames.WithoutPrefix(s.Name), s.Shape))
            .Where(s => s.Name != Gpt2TensorNames.OutputHead && !Gpt2TensorNames.IsMaskBuffer(s.Name))
            .Select(s => (s.Name, Gpt2TensorNames.IsConv1DWeight(s.Name) ? s.Shape.Reverse().ToArray() : s.Shape));
        GptCheckpoint.CheckShapes(parameterShapes, Gpt2TensorNames.ParameterShapes(config), GptCheckpoint.Describe(config), fileName);

        var model = new GptModel(config);
        var (tensors, _) = SafeTensors.Read(path);
        try
        {
            using var scope = NewDisposeScope();
            var mapped = MapNames(tensors).ToDictionary(kv => kv.Key, kv => kv.Value.to_type(ScalarType.Float32));
            GptCheckpoint.CopyInto(model, mapped, fileName);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
        finally
        {
            foreach (var t in tensors.Values)
            {
                t.Dispose();
            }
        }
    }

    private static GptConfig InferConfig(IEnumerable<(string Name, long[] Shape)> gpt2Shapes, int headDim, string source)
    {
        var shapes = gpt2Shapes.ToDictionary(s => Gpt2TensorNames.WithoutPrefix(s.Name), s => s.Shape);
        long[] Matrix(string name) =>
            !shapes.TryGetValue(name, out var shape) ? throw new InvalidDataException($"{source}: not a GPT-2 file: tensor '{name}' is missing")
            : shape.Length != 2 ? throw new InvalidDataException($"{source}: tensor '{name}' has shape {SafeTensors.Format(shape)}, not a matrix")
            : shape;
        var wte = Matrix(Gpt2TensorNames.TokenEmbedding);
        var wpe = Matrix(Gpt2TensorNames.PositionEmbedding);
        var layers = shapes.Keys.Select(Gpt2TensorNames.BlockIndex).Max() is { } last ? last + 1 : 0;
        var dim = (int)Math.Min(wte[1], int.MaxValue);
        return new GptConfig(
            (int)Math.Min(wte[0], int.MaxValue), (int)Math.Min(wpe[0], int.MaxValue), layers, Math.Max(1, dim / headDim), dim,
            Dropout: 0.0, Bias: true, TanhGelu: true);
    }
}
