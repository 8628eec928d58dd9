using LlmWorkbook.Gpt;
using LlmWorkbook.Rag;

namespace LlmWorkbook.Tests.Rag;

[Collection(TorchGlobalGenerator.Name)]
public sealed class RetrieverTrainerTests
{
    private static readonly string[] Topics =
    [
        "army", "navy", "tariff", "treaty", "railroad", "currency", "slavery", "pension", "canal", "mint", "census", "Indians",
    ];

    // A query names a topic; its passage is a sentence about that topic (one chunk per topic).
    private static List<RetrievalPair> Pairs(int from, int count) => Enumerable.Range(from, count)
        .Select(i => new RetrievalPair($"What about the {Topics[i % Topics.Length]}?", $"We spoke of the {Topics[i % Topics.Length]} at length.",
            $"chunk-{i:D2}", RetrievalPairKind.Question))
        .ToList();

    private static readonly TrainingConfig Quick = new(Steps: 60, BatchSize: 6, LearningRate: 1e-2, MinLearningRate: 1e-3, WarmupSteps: 5,
        WeightDecay: 0, EvalInterval: 20, EvalBatches: 2, Seed: 3);

    [Fact]
    public void A_tiny_run_lowers_the_training_and_validation_loss()
    {
        using var model = new BiEncoder(BiEncoderTests.Tiny with { VocabSize = CourseGpt.VocabSize, MaxTokens = 24, WeightedPooling = true }, seed: 2);
        var trainer = new RetrieverTrainer(model, RetrieverEmbeddingGeneratorTests.Tokenizer, Pairs(0, 12), Pairs(12, 12), Quick, temperature: 0.1);
        var before = trainer.ValidationLoss();
        var history = trainer.Train();

        Assert.Equal(Enumerable.Range(1, 60), history.Select(p => p.Step));
        Assert.Equal([20, 40, 60], history.Where(p => p.ValidationLoss is not null).Select(p => p.Step));
        var first = history.Take(5).Average(p => p.TrainLoss);
        var last = history.TakeLast(5).Average(p => p.TrainLoss);
        Assert.True(first > Math.Log(6) - 0.2, $"the first losses ({first:F3}) should be near chance, ln 6 = 1.79");
        Assert.True(last < first / 4, $"the loss went from {first:F3} to {last:F3}");
        Assert.True(history[^1].ValidationLoss < before / 2, $"validation loss from {before:F3} to {history[^1].ValidationLoss:F3}");
        Assert.Equal(30, trainer.Epoch); // 60 steps of 6 of the 12 chunks
    }

    [Fact]
    public void Two_runs_with_the_same_seeds_give_the_same_losses()
    {
        double[] Run()
        {
            using var model = new BiEncoder(BiEncoderTests.Tiny with { VocabSize = CourseGpt.VocabSize, MaxTokens = 24 }, seed: 2);
            var trainer = new RetrieverTrainer(model, RetrieverEmbeddingGeneratorTests.Tokenizer, Pairs(0, 12), [], Quick with { Steps = 8 }, 0.1);
            return trainer.Train().Select(p => p.TrainLoss).ToArray();
        }
        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void Arguments_are_checked()
    {
        using var model = new BiEncoder(BiEncoderTests.Tiny with { VocabSize = CourseGpt.VocabSize, MaxTokens = 24 });
        var tokenizer = RetrieverEmbeddingGeneratorTests.Tokenizer;
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetrieverTrainer(model, tokenizer, Pairs(0, 12), [], Quick, 0));
        Assert.Throws<ArgumentException>(() => new RetrieverTrainer(model, tokenizer, Pairs(0, 12), [], Quick with { BatchSize = 1 }, 0.1));
        // Five chunks cannot fill a batch of six different chunks.
        Assert.Throws<ArgumentException>(() => new RetrieverTrainer(model, tokenizer, Pairs(0, 5), [], Quick, 0.1));
        Assert.Throws<ArgumentNullException>(() => new RetrieverTrainer(model, tokenizer, null!, [], Quick, 0.1));
    }
}
