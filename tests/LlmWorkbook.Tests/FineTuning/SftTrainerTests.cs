using LlmWorkbook.FineTuning;
using LlmWorkbook.Gpt;
using static TorchSharp.torch;

namespace LlmWorkbook.Tests.FineTuning;

[Collection(TorchGlobalGenerator.Name)]
public sealed class SftTrainerTests
{
    /// <summary>−mean log p(target) over the positions whose target is not the ignore index, summed by hand.</summary>
    private static (double Sum, int Count) MaskedCrossEntropyByHand(Tensor logits, Tensor targets)
    {
        var vocab = (int)logits.shape[^1];
        var logProbabilities = nn.functional.log_softmax(logits.to_type(ScalarType.Float64), -1).data<double>().ToArray(); // (B·T·V)
        var flatTargets = targets.data<long>().ToArray();                                                                   // (B·T)
        double sum = 0;
        var count = 0;
        for (var position = 0; position < flatTargets.Length; position++)
        {
            if (flatTargets[position] != PackedConversations.IgnoreIndex)
            {
                sum -= logProbabilities[position * vocab + flatTargets[position]];
                count++;
            }
        }
        return (sum, count);
    }

    [Fact]
    public void The_loss_is_the_cross_entropy_of_the_trained_positions_only()
    {
        using var model = new GptModel(SftFixtures.TinyConfig());
        model.eval();
        var packed = SftFixtures.Packed(copies: 3);
        Assert.True(packed.RowCount >= 3, $"{packed.RowCount} rows");
        using var _ = no_grad();
        var (inputs, targets) = packed.Batch([0, 1]);
        var logits = model.forward(inputs);

        var (sum, count) = MaskedCrossEntropyByHand(logits, targets);

        Assert.Equal(packed.RowTargets(0).Concat(packed.RowTargets(1)).Count(t => t != PackedConversations.IgnoreIndex), count);
        Assert.InRange(count, 1, targets.numel() / 2);
        Assert.Equal(sum / count, SftTrainer.Loss(logits, targets).item<float>(), 1e-5);
        // Counting every next token, as pretraining does, gives a different number: the mask matters.
        var everyNextToken = tensor(new[] { 0, 1 }.SelectMany(r => packed.RowTokens(r).Skip(1).Select(t => (long)t)).ToArray(), targets.shape);
        Assert.NotEqual(sum / count, GptTrainer.Loss(logits, everyNextToken).item<float>(), 1e-3);
    }

    [Fact]
    public void The_validation_loss_weights_every_trained_target_equally()
    {
        using var model = new GptModel(SftFixtures.TinyConfig());
        var packed = SftFixtures.Packed(copies: 3);
        double sum = 0;
        var count = 0;
        using (no_grad())
        {
            model.eval();
            var (inputs, targets) = packed.Batch(Enumerable.Range(0, packed.RowCount).ToArray());
            (sum, count) = MaskedCrossEntropyByHand(model.forward(inputs), targets);
        }
        model.train();

        // Batches of 2 rows: the last batch may be smaller and hold fewer trained targets, and still weighs per target.
        var loss = SftTrainer.EvaluateLoss(model, packed, batchSize: 2);

        Assert.Equal(sum / count, loss, 1e-5);
        Assert.Equal(packed.TrainedTargets, count);
        Assert.True(model.training);
    }

    [Fact]
    public void A_few_steps_lower_the_loss_on_repeated_conversations()
    {
        using var model = new GptModel(SftFixtures.TinyConfig());
        var packed = SftFixtures.Packed(copies: 6);
        var before = SftTrainer.EvaluateLoss(model, packed, batchSize: 4);
        using var trainer = new SftTrainer(model, packed, null,
            new TrainingConfig(Steps: 30, BatchSize: 4, LearningRate: 1e-2, MinLearningRate: 1e-3, WarmupSteps: 5, WeightDecay: 0));

        var history = trainer.Train();
        var after = SftTrainer.EvaluateLoss(model, packed, batchSize: 4);

        Assert.Equal(30, history.Count);
        Assert.True(after < before / 2, $"loss on the training rows {before:F3} → {after:F3}");
        Assert.True(history[^1].TrainLoss < history[0].TrainLoss / 2, $"training loss {history[0].TrainLoss:F3} → {history[^1].TrainLoss:F3}");
        Assert.True(trainer.Epoch >= 1);
        Assert.Null(trainer.BestStep);
    }

    [Fact]
    public void The_weights_of_the_best_validation_step_are_kept()
    {
        using var model = new GptModel(SftFixtures.TinyConfig());
        var train = SftFixtures.Packed(copies: 6, seed: 1);
        var validation = SftFixtures.Packed(copies: 2, seed: 2);
        var config = new TrainingConfig(Steps: 20, BatchSize: 4, LearningRate: 1e-2, MinLearningRate: 1e-3, WarmupSteps: 5, EvalInterval: 5, EvalBatches: 2);
        using var trainer = new SftTrainer(model, train, validation, config);

        var history = trainer.Train();

        var evaluated = history.Where(p => p.ValidationLoss is not null).ToList();
        Assert.Equal([5, 10, 15, 20], evaluated.Select(p => p.Step));
        Assert.Equal(evaluated.Min(p => p.ValidationLoss), trainer.BestValidationLoss);
        Assert.Equal(evaluated.MinBy(p => p.ValidationLoss)!.Step, trainer.BestStep);
        Assert.Equal(trainer.BestValidationLoss!.Value, SftTrainer.EvaluateLoss(model, validation, config.BatchSize, config.EvalBatches), 1e-6);
        using (no_grad())
        {
            foreach (var parameter in model.parameters())
            {
                parameter.zero_();
            }
        }
        trainer.RestoreBestWeights();
        Assert.Equal(trainer.BestValidationLoss!.Value, SftTrainer.EvaluateLoss(model, validation, config.BatchSize, config.EvalBatches), 1e-6);
    }

    [Fact]
    public void Rows_packed_for_another_context_length_are_refused()
    {
        using var model = new GptModel(SftFixtures.TinyConfig(contextLength: 64));
        var error = Assert.Throws<ArgumentException>(() => new SftTrainer(model, SftFixtures.Packed(copies: 1), null, new TrainingConfig()));
        Assert.Contains("context of 48 tokens", error.Message);
    }
}
