using LlmWorkbook.Gpt;
using static TorchSharp.torch;

namespace LlmWorkbook.Tests.Gpt;

[Collection(TorchGlobalGenerator.Name)]
public sealed class GptTrainingLoopTests
{
    [Fact]
    public void Weight_decay_shrinks_the_matrices_and_nothing_else()
    {
        using var model = new GptModel(GptModelTests.Tiny);
        var before = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
        var config = new TrainingConfig(Steps: 1, LearningRate: 0.1, WarmupSteps: 1, WeightDecay: 0.5);
        using var input = tensor(new long[] { 1, 2, 3 }).unsqueeze(0);
        // A zero loss: no gradient, so AdamW's update is the decoupled weight decay alone, θ ← θ·(1 − lr·λ).
        var loop = new GptTrainingLoop(model, config, () => (model.forward(input) * 0).sum(), null);

        loop.TrainStep();

        foreach (var (name, parameter) in model.named_parameters())
        {
            var decayed = parameter.dim() >= 2 && name != Gpt2TensorNames.PositionEmbedding;
            var expected = decayed ? before[name] * (1 - 0.1 * 0.5) : before[name];
            Assert.True(parameter.allclose(expected, rtol: 1e-6, atol: 1e-7), $"{name} (decayed: {decayed})");
        }
    }

    [Fact]
    public void Validation_runs_every_interval_and_on_the_last_step()
    {
        using var model = new GptModel(GptModelTests.Tiny);
        using var input = tensor(new long[] { 1, 2, 3 }).unsqueeze(0);
        var batches = 0;
        var evaluations = 0;
        var loop = new GptTrainingLoop(model, new TrainingConfig(Steps: 7, WarmupSteps: 2, EvalInterval: 3),
            () => { batches++; return model.forward(input).pow(2).mean(); },
            () => ++evaluations);

        var history = loop.Train();

        Assert.True(loop.IsFinished);
        Assert.Equal(7, batches);
        Assert.Equal([3, 6, 7], history.Where(p => p.ValidationLoss is not null).Select(p => p.Step));
        Assert.Equal([1.0, 2.0, 3.0], history.Where(p => p.ValidationLoss is not null).Select(p => p.ValidationLoss!.Value));
        Assert.Equal(history.Select(p => GptTrainingLoop.LearningRateAt(loop.Config, p.Step - 1)), history.Select(p => p.LearningRate));
    }

    [Fact]
    public void Cancellation_stops_between_steps()
    {
        using var model = new GptModel(GptModelTests.Tiny);
        using var input = tensor(new long[] { 1, 2, 3 }).unsqueeze(0);
        var loop = new GptTrainingLoop(model, new TrainingConfig(Steps: 10, WarmupSteps: 2), () => model.forward(input).pow(2).mean(), null);
        using var stop = new CancellationTokenSource();

        loop.Train(point => { if (point.Step == 4) { stop.Cancel(); } }, stop.Token);

        Assert.Equal(4, loop.Step);
        Assert.False(loop.IsFinished);
    }
}
