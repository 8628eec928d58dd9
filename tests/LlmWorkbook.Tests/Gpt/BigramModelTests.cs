using LlmWorkbook.Gpt;

namespace LlmWorkbook.Tests.Gpt;

public sealed class BigramModelTests
{
    [Fact]
    public void Perplexity_of_a_deterministic_sequence_is_near_one()
    {
        var tokens = Enumerable.Range(0, 2000).Select(i => i % 10).ToArray();
        var bigram = new BigramModel(10, tokens, alpha: 0.01);
        Assert.InRange(bigram.Perplexity(tokens), 1.0, 1.01);
        var uniform = new BigramModel(10, tokens, alpha: 1e9);
        Assert.InRange(uniform.Perplexity(tokens), 9.9, 10.1);
    }
}
