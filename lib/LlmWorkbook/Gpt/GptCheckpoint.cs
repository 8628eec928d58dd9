using System.Text.Json;
using LlmWorkbook.Tokenization;
using static TorchSharp.torch;

namespace LlmWorkbook.Gpt;

/// <summary>
/// Saves and loads a <see cref="GptModel"/> as safetensors, with its <see cref="GptConfig"/> as JSON in the metadata.
/// Loading checks the file's config against the limits below and every tensor name and shape against the config
/// before it builds a model or reads a tensor, and names the first tensor that does not fit.
/// </summary>
public static class GptCheckpoint
{
    /// <summary>The metadata key holding the <see cref="GptConfig"/> as JSON.</summary>
    public const string ConfigKey = "gpt_config";

    /// <summary>The largest vocabulary a checkpoint may declare: the largest a tokenizer may have.</summary>
    public const int MaxVocabSize = ByteLevelBpeTokenizer.MaxVocabSize;

    /// <summary>The longest context a checkpoint may declare: 131,072 positions (GPT-2 has 1,024).</summary>
    public const int MaxContextLength = 1 << 17;

    /// <summary>The most blocks a checkpoint may declare (GPT-3 175B has 96).</summary>
    public const int MaxLayers = 256;

    /// <summary>The most attention heads a checkpoint may declare (GPT-3 175B has 96).</summary>
    public const int MaxHeads = 256;

    /// <summary>The widest embedding a checkpoint may declare (GPT-3 175B is 12,288 wide).</summary>
    public const int MaxEmbeddingDim = 1 << 14;

    /// <summary>
    /// Writes the model's parameters and its config (plus any extra metadata) to a safetensors file, each tensor
    /// stored as <paramref name="storage"/> (default: the parameters' own type). Loading converts back to the model's type.
    /// </summary>
    public static void Save(GptModel model, string path, IReadOnlyDictionary<string, string>? extraMetadata = null, ScalarType? storage = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var metadata = new Dictionary<string, string>(extraMetadata ?? new Dictionary<string, string>())
        {
            [ConfigKey] = JsonSerializer.Serialize(model.Config),
        };
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        SafeTensors.Write(path, model.named_parameters().Select(p => (p.name, storage is { } type ? p.parameter.to(type) : (Tensor)p.parameter)), metadata);
    }

    /// <summary>
    /// A new model built from the config stored in the file, with the file's weights. The config and the tensor
    /// shapes are checked first, so a corrupt config cannot make the model allocate more than the file holds.
    /// </summary>
    public static GptModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fileName = Path.GetFileName(path);
        var (entries, metadata) = SafeTensors.ReadHeader(path);
        if (!metadata.TryGetValue(ConfigKey, out var json))
        {
            throw new InvalidDataException($"{fileName} has no '{ConfigKey}' metadata; build a GptModel with the right config and call LoadWeights");
        }
        var config = ReadConfig(json, fileName);
        CheckConfig(config, fileName);
        CheckShapes(entries.Select(e => (e.Name, e.Shape)), Gpt2TensorNames.ParameterShapes(config), Describe(config), fileName);
        var model = new GptModel(config);
        try
        {
            CopyFile(model, path);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Loads the file's weights into an existing model whose config must match them.</summary>
    public static void LoadWeights(GptModel model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var (entries, _) = SafeTensors.ReadHeader(path);
        CheckShapes(entries.Select(e => (e.Name, e.Shape)), ShapesOf(model), Describe(model.Config), Path.GetFileName(path));
        CopyFile(model, path);
    }

    /// <summary>Copies named tensors into the model's parameters, or throws naming the first mismatch.</summary>
    /// <param name="model">The model to fill; every one of its parameters needs a tensor of the same name and shape.</param>
    /// <param name="tensors">The weights by GPT-2 parameter name (as <see cref="GptModel"/> names its parameters).</param>
    /// <param name="source">The name errors give the tensors' origin, e.g. the file name.</param>
    public static void CopyInto(GptModel model, IReadOnlyDictionary<string, Tensor> tensors, string source)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(source);
        CheckShapes(tensors.Select(kv => (kv.Key, kv.Value.shape)), ShapesOf(model), Describe(model.Config), source);
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using var _ = no_grad();
        foreach (var (name, parameter) in parameters)
        {
            parameter.copy_(tensors[name]);
        }
    }

    /// <summary>
    /// Throws an <see cref="InvalidDataException"/> naming <paramref name="source"/> unless every dimension of the
    /// config is positive and within this class's limits, the heads divide the width, and dropout is in [0, 1).
    /// </summary>
    public static void CheckConfig(GptConfig config, string source)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(source);
        void Within(string what, int value, int max)
        {
            if (value < 1 || value > max)
            {
                throw new InvalidDataException($"{source}: config {what} {value} is outside 1 to {max:N0}, the range this library loads");
            }
        }
        Within("vocabulary", config.VocabSize, MaxVocabSize);
        Within("context length", config.ContextLength, MaxContextLength);
        Within("layers", config.Layers, MaxLayers);
        Within("heads", config.Heads, MaxHeads);
        Within("embedding width", config.EmbeddingDim, MaxEmbeddingDim);
        if (config.EmbeddingDim % config.Heads != 0)
        {
            throw new InvalidDataException($"{source}: config embedding width {config.EmbeddingDim} is not divisible by its {config.Heads} heads");
        }
        if (!(config.Dropout >= 0 && config.Dropout < 1))
        {
            throw new InvalidDataException($"{source}: config dropout {config.Dropout} is outside [0, 1)");
        }
    }

    /// <summary>
    /// Throws an <see cref="InvalidDataException"/> naming <paramref name="source"/> and the first tensor that is
    /// not expected, missing, or of another shape than expected.
    /// </summary>
    internal static void CheckShapes(
        IEnumerable<(string Name, long[] Shape)> found, IEnumerable<(string Name, long[] Shape)> expected, string describe, string source)
    {
        var foundShapes = found.ToDictionary(t => t.Name, t => t.Shape);
        var expectedShapes = expected.ToDictionary(t => t.Name, t => t.Shape);
        foreach (var name in foundShapes.Keys.Where(n => !expectedShapes.ContainsKey(n)))
        {
            throw new InvalidDataException($"{source}: tensor '{name}' is not a parameter of the model {describe}");
        }
        foreach (var (name, shape) in expectedShapes)
        {
            if (!foundShapes.TryGetValue(name, out var actual))
            {
                throw new InvalidDataException($"{source}: tensor '{name}' is missing; the model {describe} needs it");
            }
            if (!actual.SequenceEqual(shape))
            {
                throw new InvalidDataException(
                    $"{source}: tensor '{name}' has shape {SafeTensors.Format(actual)} but the model {describe} expects {SafeTensors.Format(shape)}");
            }
        }
    }

    internal static string Describe(GptConfig config) =>
        $"(config: vocab {config.VocabSize}, context {config.ContextLength}, layers {config.Layers}, heads {config.Heads}, embedding {config.EmbeddingDim}, bias {config.Bias})";

    private static GptConfig ReadConfig(string json, string fileName)
    {
        try
        {
            return JsonSerializer.Deserialize<GptConfig>(json) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{fileName}: metadata '{ConfigKey}' is not a GptConfig ({e.Message})", e);
        }
    }

    private static IEnumerable<(string Name, long[] Shape)> ShapesOf(GptModel model) =>
        model.named_parameters().Select(p => (p.name, p.parameter.shape));

    private static void CopyFile(GptModel model, string path)
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
}
