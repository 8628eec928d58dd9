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

    /// <summary>
    /// Six steps with dropout and validation, pinned to the values this trainer printed before its optimizer, schedule
    /// and step moved into GptOptimizer (shared with the SFT trainer): the move must not change a number.
    /// </summary>
    [Fact]
    public void A_seeded_run_reproduces_its_recorded_losses()
    {
        using var model = new GptModel(GptModelTests.Tiny with { Dropout = 0.1 });
        var tokens = Enumerable.Range(0, 200).Select(i => (i * i + 3 * i) % 50).ToArray();
        var validation = Enumerable.Range(0, 80).Select(i => (i * 11 + 5) % 50).ToArray();
        var trainer = new GptTrainer(model, tokens, validation,
            new TrainingConfig(Steps: 6, BatchSize: 3, LearningRate: 1e-2, MinLearningRate: 1e-3, WarmupSteps: 2, EvalInterval: 3, EvalBatches: 2));

        var history = trainer.Train();

        double[] trainLosses = [3.893181800842285, 3.765566825866699, 3.597846269607544, 3.4391772747039795, 3.33103084564209, 3.2338457107543945];
        double[] learningRates = [0.005, 0.01, 0.010000000000000002, 0.008681980515339464, 0.0055000000000000005, 0.0023180194846605367];
        double?[] validationLosses = [null, null, 3.9381327033042908, null, null, 3.9890393018722534];
        Assert.Equal(Enumerable.Range(1, 6), history.Select(p => p.Step));
        for (var i = 0; i < history.Count; i++)
        {
            Assert.Equal(trainLosses[i], history[i].TrainLoss, 1e-5);
            Assert.Equal(learningRates[i], history[i].LearningRate, 1e-15);
            Assert.Equal(validationLosses[i] is null, history[i].ValidationLoss is null);
            Assert.Equal(validationLosses[i] ?? 0, history[i].ValidationLoss ?? 0, 1e-5);
        }
    }
}
