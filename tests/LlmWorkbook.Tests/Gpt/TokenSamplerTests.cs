using LlmWorkbook.Gpt;

namespace LlmWorkbook.Tests.Gpt;

public sealed class TokenSamplerTests
{
    private static readonly float[] Logits = [0.5f, 3.0f, -1.0f, 2.0f, 1.0f, 2.5f, -3.0f, 0.0f];

    [Fact]
    public void Greedy_picks_the_arg_max() => Assert.Equal(1, TokenSampler.Sample(Logits, SamplingOptions.Greedy, new Random(0)));

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Top_k_never_picks_outside_the_k_most_likely(int k)
    {
        var allowed = new[] { 1, 5, 3 }.Take(k).ToHashSet();
        var random = new Random(1);
        var picked = Enumerable.Range(0, 2000).Select(_ => TokenSampler.Sample(Logits, new SamplingOptions(Temperature: 5.0, TopK: k), random)).ToHashSet();
        // Every one of the k, and nothing else: a sampler that kept fewer would fail too.
        Assert.Equal(allowed, picked);
    }

    [Fact]
    public void Top_p_keeps_the_smallest_set_reaching_p()
    {
        var softmax = Logits.Select(l => Math.Exp(l)).ToArray();
        var p = new[] { 1, 5 }.Sum(i => softmax[i]) / softmax.Sum(); // exactly the two most likely tokens
        var (tokens, probabilities) = TokenSampler.AllowedTokens(Logits, new SamplingOptions(TopP: p - 1e-9));
        Assert.Equal(new[] { 1, 5 }, tokens);
        Assert.Equal(1.0, probabilities.Sum(), 12);

        var random = new Random(2);
        var picked = Enumerable.Range(0, 2000).Select(_ => TokenSampler.Sample(Logits, new SamplingOptions(Temperature: 1.0, TopP: p - 1e-9), random)).ToHashSet();
        Assert.Equal(new HashSet<int> { 1, 5 }, picked);
    }

    [Fact]
    public void Top_k_and_top_p_combine()
    {
        var (tokens, _) = TokenSampler.AllowedTokens(Logits, new SamplingOptions(TopK: 4, TopP: 0.9999));
        Assert.Equal(new[] { 1, 5, 3, 4 }, tokens);
    }

    [Fact]
    public void Sampling_follows_the_probabilities()
    {
        var random = new Random(3);
        var counts = new int[Logits.Length];
        for (var i = 0; i < 20000; i++)
        {
            counts[TokenSampler.Sample(Logits, new SamplingOptions(), random)]++;
        }
        var expected = Math.Exp(3.0) / Logits.Sum(l => Math.Exp(l));
        Assert.InRange(counts[1] / 20000.0, expected - 0.02, expected + 0.02);
    }

    [Fact]
    public void A_masked_token_is_never_picked_even_when_top_k_would_keep_it()
    {
        float[] masked = [.. Logits];
        foreach (var id in new[] { 0, 1, 2, 3, 6, 7 })
        {
            masked[id] = float.NegativeInfinity;
        }
        var random = new Random(4);
        var options = new SamplingOptions(Temperature: 50.0, TopK: 6);

        var picked = Enumerable.Range(0, 2000).Select(_ => TokenSampler.Sample(masked, options, random)).ToHashSet();

        Assert.Equal(new HashSet<int> { 4, 5 }, picked);
        Assert.Equal([5, 4], TokenSampler.AllowedTokens(masked, options).Tokens);
        Assert.Equal(5, TokenSampler.Sample(masked, SamplingOptions.Greedy, random));
    }
}
