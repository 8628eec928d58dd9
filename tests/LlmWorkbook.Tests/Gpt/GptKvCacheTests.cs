using LlmWorkbook.Gpt;

namespace LlmWorkbook.Tests.Gpt;

public sealed class GptKvCacheTests
{
    [Fact]
    public void Bytes_are_keys_and_values_for_every_layer_position_and_channel()
    {
        var config = new GptConfig(VocabSize: 32, ContextLength: 16, Layers: 3, Heads: 2, EmbeddingDim: 8);
        using var cache = new GptKvCache(config, batch: 2);
        Assert.Equal(2L * 3 * 2 * 16 * 8 * sizeof(float), cache.Bytes); // (keys, values) × layers × batch × T × C × 4 bytes
        Assert.Equal(0, cache.Length);
        Assert.All(cache.Layers, layer => Assert.Equal(16, layer.Capacity));
    }
}
