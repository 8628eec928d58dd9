using LlmWorkbook.Gpt;

namespace LlmWorkbook.Tests.Gpt;

public sealed class GptGeneratorTests
{
    [Fact]
    public void Kv_cache_generates_the_same_greedy_tokens()
    {
        using var model = new GptModel(GptModelTests.Tiny with { ContextLength = 24 });
        int[] prompt = [1, 2, 3];
        // 30 new tokens: past the context length, so both paths also cover the sliding window.
        var cached = GptGenerator.Generate(model, prompt, 30, useKvCache: true);
        var uncached = GptGenerator.Generate(model, prompt, 30, useKvCache: false);
        Assert.Equal(uncached, cached);
        Assert.Equal(30, cached.Length);
    }
}
