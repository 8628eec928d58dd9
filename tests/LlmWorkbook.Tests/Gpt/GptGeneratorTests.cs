using LlmWorkbook.Gpt;
using static TorchSharp.torch;

namespace LlmWorkbook.Tests.Gpt;

[Collection(TorchGlobalGenerator.Name)]
public sealed class GptGeneratorTests
{
    [Fact]
    public void Greedy_picks_the_arg_max_of_the_full_forward_pass_at_every_step()
    {
        using var model = GptModelTests.RandomizedTiny();
        int[] prompt = [1, 2, 3];
        var generated = GptGenerator.Generate(model, prompt, 10);
        Assert.Equal(10, generated.Length);
        Assert.True(generated.Distinct().Count() > 1, $"a model that repeats one token would make the check weak: {string.Join(' ', generated)}");
        using var _ = no_grad();
        var sequence = prompt.Concat(generated).Select(t => (long)t).ToArray();
        for (var i = 0; i < generated.Length; i++)
        {
            var prefix = sequence[..(prompt.Length + i)];
            var logits = model.forward(tensor(prefix, new long[] { 1, prefix.Length })); // (1, T, V)
            Assert.Equal(generated[i], (int)logits[0, -1].argmax().item<long>());
        }
    }

    [Fact]
    public void Kv_cache_generates_the_same_greedy_tokens()
    {
        using var model = GptModelTests.RandomizedTiny(GptModelTests.Tiny with { ContextLength = 24 });
        int[] prompt = [1, 2, 3];
        // 30 new tokens: past the context length, so both paths also cover the sliding window.
        var cached = GptGenerator.Generate(model, prompt, 30, useKvCache: true);
        var uncached = GptGenerator.Generate(model, prompt, 30, useKvCache: false);
        Assert.Equal(uncached, cached);
        Assert.Equal(30, cached.Length);
        Assert.True(cached.Distinct().Count() > 1, $"a model that repeats one token would make the comparison weak: {string.Join(' ', cached)}");
    }

    [Fact]
    public void Generation_stops_after_the_stop_token()
    {
        using var model = GptModelTests.RandomizedTiny();
        int[] prompt = [1, 2, 3];
        var free = GptGenerator.Generate(model, prompt, 10);
        var stop = free[4];
        var first = Array.IndexOf(free, stop);
        var stopped = GptGenerator.Generate(model, prompt, 10, stopToken: stop);
        Assert.Equal(free[..(first + 1)], stopped);
    }

    /// <summary>Allows only the tokens divisible by the step's number plus two, and records what it is told.</summary>
    private sealed class EveryNthToken : ITokenConstraint
    {
        public List<int> Accepted { get; } = [];

        public int Divisor => Accepted.Count + 2;

        public void Mask(Span<bool> allowed)
        {
            for (var id = 0; id < allowed.Length; id++)
            {
                allowed[id] = id % Divisor == 0;
            }
        }

        public void Accept(int token) => Accepted.Add(token);
    }

    private sealed class NoToken : ITokenConstraint
    {
        public void Mask(Span<bool> allowed) => allowed.Clear();

        public void Accept(int token) => throw new InvalidOperationException("nothing was allowed");
    }

    [Fact]
    public void A_constraint_masks_the_logits_before_greedy_and_sampled_picks()
    {
        using var model = GptModelTests.RandomizedTiny();
        int[] prompt = [1, 2, 3];
        var greedy = new EveryNthToken();
        var sampled = new EveryNthToken();

        var greedyTokens = GptGenerator.Generate(model, prompt, 8, constraint: greedy);
        var sampledTokens = GptGenerator.Generate(model, prompt, 8, new SamplingOptions(Temperature: 1.0, TopK: 40), seed: 5, constraint: sampled);

        Assert.Equal(greedyTokens, greedy.Accepted);
        Assert.Equal(sampledTokens, sampled.Accepted);
        Assert.All(sampledTokens.Select((t, i) => t % (i + 2)), r => Assert.Equal(0, r));
        using var _ = no_grad();
        var sequence = prompt.Concat(greedyTokens).Select(t => (long)t).ToArray();
        for (var i = 0; i < greedyTokens.Length; i++)
        {
            var prefix = sequence[..(prompt.Length + i)];
            var logits = model.forward(tensor(prefix, new long[] { 1, prefix.Length }))[0, -1].data<float>().ToArray();
            var best = Enumerable.Range(0, logits.Length).Where(id => id % (i + 2) == 0).MaxBy(id => logits[id]);
            Assert.Equal(best, greedyTokens[i]);
        }
        Assert.NotEqual(greedyTokens, GptGenerator.Generate(model, prompt, 8));
        Assert.Throws<InvalidOperationException>(() => GptGenerator.Generate(model, prompt, 3, constraint: new NoToken()));
    }

    [Fact]
    public void Streaming_yields_the_tokens_generate_returns_and_restores_the_model_mode()
    {
        using var model = GptModelTests.RandomizedTiny();
        model.train();
        int[] prompt = [1, 2, 3];
        var options = new SamplingOptions(Temperature: 1.0, TopK: 10);
        var generated = GptGenerator.Generate(model, prompt, 12, options, seed: 3);
        var streamed = GptGenerator.StreamTokens(model, prompt, options, seed: 3).Take(12).ToArray();
        Assert.Equal(generated, streamed);
        Assert.True(model.training, "the model goes back to training mode once the stream is disposed");
        Assert.Throws<ArgumentException>(() => GptGenerator.StreamTokens(model, [], options));
    }
}
