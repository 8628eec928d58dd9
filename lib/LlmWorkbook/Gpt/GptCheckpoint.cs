using System.Text.Json;
using static TorchSharp.torch;

namespace LlmWorkbook.Gpt;

/// <summary>
/// Saves and loads a <see cref="GptModel"/> as safetensors, with its <see cref="GptConfig"/> as JSON in the metadata.
/// Loading checks every name and shape against the model and names the first tensor that does not fit.
/// </summary>
public static class GptCheckpoint
{
    public const string ConfigKey = "gpt_config";

    public static void Save(GptModel model, string path, IReadOnlyDictionary<string, string>? extraMetadata = null)
    {
        var metadata = new Dictionary<string, string>(extraMetadata ?? new Dictionary<string, string>())
        {
            [ConfigKey] = JsonSerializer.Serialize(model.Config),
        };
        using var _ = no_grad();
        SafeTensors.Write(path, model.named_parameters().Select(p => (p.name, (Tensor)p.parameter)), metadata);
    }

    /// <summary>A new model built from the config stored in the file, with the file's weights.</summary>
    public static GptModel Load(string path)
    {
        var (tensors, metadata) = SafeTensors.Read(path);
        try
        {
            if (!metadata.TryGetValue(ConfigKey, out var json))
            {
                throw new InvalidDataException($"{Path.GetFileName(path)} has no '{ConfigKey}' metadata; build a GptModel with the right config and call LoadWeights");
            }
            var model = new GptModel(JsonSerializer.Deserialize<GptConfig>(json)!);
            CopyInto(model, tensors, Path.GetFileName(path));
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

    /// <summary>Loads the file's weights into an existing model whose config must match them.</summary>
    public static void LoadWeights(GptModel model, string path)
    {
        var (tensors, _) = SafeTensors.Read(path);
        try
        {
            CopyInto(model, tensors, Path.GetFileName(path));
        }
        finally
        {
            foreach (var t in tensors.Values)
            {
                t.Dispose();
            }
        }
    }

    /// <summary>Copies named tensors into the model's parameters, or throws naming the first mismatch.</summary>
    public static void CopyInto(GptModel model, IReadOnlyDictionary<string, Tensor> tensors, string source)
    {
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var config = model.Config;
        var describe = $"(config: vocab {config.VocabSize}, context {config.ContextLength}, layers {config.Layers}, embedding {config.EmbeddingDim}, bias {config.Bias})";
        foreach (var name in tensors.Keys.Where(n => !parameters.ContainsKey(n)))
        {
            throw new InvalidDataException($"{source}: tensor '{name}' is not a parameter of this model {describe}");
        }
        foreach (var (name, parameter) in parameters)
        {
            if (!tensors.TryGetValue(name, out var t))
            {
                throw new InvalidDataException($"{source}: tensor '{name}' is missing; the model {describe} needs it");
            }
            if (!t.shape.SequenceEqual(parameter.shape))
            {
                throw new InvalidDataException(
                    $"{source}: tensor '{name}' has shape {SafeTensors.Format(t.shape)} but the model {describe} expects {SafeTensors.Format(parameter.shape)}");
            }
        }
        using var _ = no_grad();
        foreach (var (name, parameter) in parameters)
        {
            parameter.copy_(tensors[name]);
        }
    }
}
