using LlmWorkbook.Gpt;

namespace LlmWorkbook.Tests.Gpt;

[Collection(TorchGlobalGenerator.Name)]
public sealed class GptTrainerTests
{
    [Fact]
    public void A_tiny_model_overfits_a_tiny_batch()
    {
        using var model = new GptModel(GptModelTests.Tiny);
        var tokens = Enumerable.Range(0, 40).Select(i => (i * 7) % 50).ToArray();
        var trainer = new GptTrainer(model, tokens, null,
            new TrainingConfig(Steps: 150, BatchSize: 4, LearningRate: 1e-2, MinLearningRate: 1e-3, WarmupSteps: 10, WeightDecay: 0));
        var history = trainer.Train();
        Assert.True(history[0].TrainLoss > 3.5, $"initial loss {history[0].TrainLoss}");
        Assert.True(history[^1].TrainLoss < 0.1, $"final loss {history[^1].TrainLoss}");
    }

    [Fact]
    public void The_learning_rate_warms_up_then_decays()
    {
        using var model = new GptModel(GptModelTests.Tiny);
        var trainer = new GptTrainer(model, new int[100], null,
            new TrainingConfig(Steps: 110, LearningRate: 1e-3, MinLearningRate: 1e-4, WarmupSteps: 10));
        Assert.Equal(1e-4, trainer.LearningRateAt(0), 12);
        Assert.Equal(1e-3, trainer.LearningRateAt(9), 12);
        Assert.Equal(5.5e-4, trainer.LearningRateAt(60), 12);
        Assert.Equal(1e-4, trainer.LearningRateAt(110), 12);
    }
}
