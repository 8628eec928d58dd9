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

    [Fact]
    public void Another_alpha_on_the_same_counts_equals_counting_again()
    {
        var tokens = new[] { 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4, 6, 2, 6, 4, 3, 3, 8, 3, 2, 7, 9, 5 };
        var counts = new BigramModel(10, tokens, alpha: 1);
        foreach (var alpha in new[] { 0.1, 3, 100 })
        {
            var counted = new BigramModel(10, tokens, alpha);
            var reused = counts.WithAlpha(alpha);
            Assert.Equal(alpha, reused.Alpha);
            Assert.Equal(counted.Probability(3, 8), reused.Probability(3, 8));
            Assert.Equal(counted.Perplexity(tokens), reused.Perplexity(tokens));
        }
        Assert.NotEqual(counts.WithAlpha(0.1).Perplexity(tokens), counts.WithAlpha(100).Perplexity(tokens));
    }
}
