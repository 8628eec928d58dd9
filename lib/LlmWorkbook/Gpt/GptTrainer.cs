using static TorchSharp.torch;

namespace LlmWorkbook.Gpt;

/// <summary>
/// AdamW training of a <see cref="GptModel"/> on token arrays, with evaluation on a validation split. The optimiser,
/// schedule and step are <see cref="GptTrainingLoop"/>'s; this trainer supplies random windows of the tokens.
/// </summary>
public sealed class GptTrainer
{
    private readonly TrainingConfig config;
    private readonly GptTrainingLoop loop;

    /// <param name="model">The model to train.</param>
    /// <param name="trainTokens">Training tokens; each batch is random windows of ContextLength + 1 of them.</param>
    /// <param name="validationTokens">Validation tokens, scored every EvalInterval steps; null for none.</param>
    /// <param name="config">How to train.</param>
    public GptTrainer(GptModel model, int[] trainTokens, int[]? validationTokens, TrainingConfig config)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(trainTokens);
        ArgumentNullException.ThrowIfNull(config);
        this.config = config;
        var train = new TokenBatches(trainTokens, model.Config.ContextLength, config.Seed);
        var validation = validationTokens is null ? null : new TokenBatches(validationTokens, model.Config.ContextLength, config.Seed + 1);
        loop = new GptTrainingLoop(model, config,
            () =>
            {
                var (inputs, targets) = train.Next(config.BatchSize);
                return Loss(model.forward(inputs), targets);
            },
            validation is null ? null : () => EvaluateLoss(model, validation, config.BatchSize, config.EvalBatches));
    }

    /// <summary>Every step taken so far, in order.</summary>
    public List<LossPoint> History => loop.History;

    /// <summary>Steps taken so far.</summary>
    public int Step => loop.Step;

    /// <summary>The learning rate of step <paramref name="step"/> (from 0); see <see cref="GptTrainingLoop.LearningRateAt"/>.</summary>
    public double LearningRateAt(int step) => GptTrainingLoop.LearningRateAt(config, step);

    /// <summary>Runs the remaining steps; <paramref name="onProgress"/> sees every point (e.g. to update a chart).</summary>
    public List<LossPoint> Train(Action<LossPoint>? onProgress = null, CancellationToken cancellationToken = default)
        => loop.Train(onProgress, cancellationToken);

    /// <summary>One optimiser step on a batch of random windows (and the validation loss on evaluation steps).</summary>
    public LossPoint TrainStep() => loop.TrainStep();

    /// <summary>Mean next-token cross-entropy (nats) over logits (B, T, V) and targets (B, T).</summary>
    public static Tensor Loss(Tensor logits, Tensor targets)
        => nn.functional.cross_entropy(logits.view(-1, logits.shape[^1]), targets.view(-1));

    /// <summary>Mean loss over non-overlapping windows from the start of the tokens (deterministic).</summary>
    public static double EvaluateLoss(GptModel model, TokenBatches batches, int batchSize, int maxBatches = int.MaxValue)
    {
        var wasTraining = model.training;
        model.eval();
        double total = 0;
        long count = 0;
        using (no_grad())
        {
            foreach (var starts in batches.SequentialStarts(batchSize, maxBatches))
            {
                using var scope = NewDisposeScope();
                var (inputs, targets) = batches.At(starts);
                total += Loss(model.forward(inputs), targets).item<float>() * targets.numel();
                count += targets.numel();
            }
        }
        model.train(wasTraining);
        return total / count;
    }

    /// <summary>exp(mean cross-entropy) of the model on a token array, over non-overlapping windows.</summary>
    public static double Perplexity(GptModel model, int[] tokens, int batchSize = 8, int maxBatches = int.MaxValue)
        => Math.Exp(EvaluateLoss(model, new TokenBatches(tokens, model.Config.ContextLength, 0), batchSize, maxBatches));
}
