using LlmWorkbook.Attention;

namespace LlmWorkbook.Gpt;

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

    /// <summary>Bytes held by every layer's key and value buffers.</summary>
    public long Bytes => Layers.Sum(layer => layer.Bytes);

    public void Dispose()
    {
        foreach (var layer in Layers)
        {
            layer.Dispose();
        }
    }
}
