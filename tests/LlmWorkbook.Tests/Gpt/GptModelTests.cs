using LlmWorkbook.Gpt;
using static TorchSharp.torch;

namespace LlmWorkbook.Tests.Gpt;

public class GptModelTests
{
    internal static readonly GptConfig Tiny = new(VocabSize: 50, ContextLength: 16, Layers: 2, Heads: 2, EmbeddingDim: 16);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ParameterCountFormulaMatchesModel(bool bias)
    {
        var config = Tiny with { Bias = bias };
        using var model = new GptModel(config);
        Assert.Equal(config.ParameterCount, model.ParameterCount);
    }

    [Fact]
    public void Gpt2SmallHas124MParameters()
    {
        // The published size of GPT-2 small (with the token embedding counted once, tied to the output head).
        var config = new GptConfig(VocabSize: 50257, ContextLength: 1024, Layers: 12, Heads: 12, EmbeddingDim: 768);
        Assert.Equal(124_439_808, config.ParameterCount);
    }

    [Fact]
    public void ForwardGivesLogitsPerPosition()
    {
        using var model = new GptModel(Tiny);
        var logits = model.forward(zeros(3, 10, dtype: ScalarType.Int64));
        Assert.Equal(new long[] { 3, 10, 50 }, logits.shape);
    }

    [Fact]
    public void SameSeedGivesSameWeights()
    {
        using var a = new GptModel(Tiny, seed: 7);
        using var b = new GptModel(Tiny, seed: 7);
        Assert.True(a.parameters().Zip(b.parameters()).All(p => p.First.equal(p.Second).all().item<bool>()));
    }

    [Fact]
    public void TinyModelOverfitsTinyBatch()
    {
        using var model = new GptModel(Tiny);
        var tokens = Enumerable.Range(0, 40).Select(i => (i * 7) % 50).ToArray();
        var trainer = new GptTrainer(model, tokens, null,
            new TrainingConfig(Steps: 150, BatchSize: 4, LearningRate: 1e-2, MinLearningRate: 1e-3, WarmupSteps: 10, WeightDecay: 0));
        var history = trainer.Train();
        Assert.True(history[0].TrainLoss > 3.5, $"initial loss {history[0].TrainLoss}");
        Assert.True(history[^1].TrainLoss < 0.1, $"final loss {history[^1].TrainLoss}");
    }

    [Fact]
    public void LearningRateWarmsUpThenDecays()
    {
        using var model = new GptModel(Tiny);
        var trainer = new GptTrainer(model, new int[100], null,
            new TrainingConfig(Steps: 110, LearningRate: 1e-3, MinLearningRate: 1e-4, WarmupSteps: 10));
        Assert.Equal(1e-4, trainer.LearningRateAt(0), 12);
        Assert.Equal(1e-3, trainer.LearningRateAt(9), 12);
        Assert.Equal(5.5e-4, trainer.LearningRateAt(60), 12);
        Assert.Equal(1e-4, trainer.LearningRateAt(110), 12);
    }

    [Fact]
    public void KvCacheGeneratesSameGreedyTokens()
    {
        using var model = new GptModel(Tiny with { ContextLength = 24 });
        int[] prompt = [1, 2, 3];
        // 30 new tokens: past the context length, so both paths also cover the sliding window.
        var cached = GptGenerator.Generate(model, prompt, 30, useKvCache: true);
        var uncached = GptGenerator.Generate(model, prompt, 30, useKvCache: false);
        Assert.Equal(uncached, cached);
        Assert.Equal(30, cached.Length);
    }

    [Fact]
    public void KvCacheLogitsMatchFullForward()
    {
        using var model = new GptModel(Tiny);
        model.eval();
        using var _ = no_grad();
        var tokens = tensor(new long[] { 4, 8, 15, 16, 23, 42 }, new long[] { 1, 6 });
        var full = model.forward(tokens);
        using var cache = new GptKvCache(Tiny);
        var prefix = model.Forward(tokens.narrow(1, 0, 4), cache).Logits;
        var step5 = model.Forward(tokens.narrow(1, 4, 1), cache).Logits;
        var step6 = model.Forward(tokens.narrow(1, 5, 1), cache).Logits;
        Assert.True(cat([prefix, step5, step6], 1).allclose(full, rtol: 0, atol: 1e-5));
    }

    [Fact]
    public void BigramPerplexityOfDeterministicSequenceIsNearOne()
    {
        var tokens = Enumerable.Range(0, 2000).Select(i => i % 10).ToArray();
        var bigram = new BigramModel(10, tokens, alpha: 0.01);
        Assert.InRange(bigram.Perplexity(tokens), 1.0, 1.01);
        var uniform = new BigramModel(10, tokens, alpha: 1e9);
        Assert.InRange(uniform.Perplexity(tokens), 9.9, 10.1);
    }
}
