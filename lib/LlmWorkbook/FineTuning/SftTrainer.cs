using LlmWorkbook.Gpt;
using static TorchSharp.torch;

namespace LlmWorkbook.FineTuning;

/// <summary>
/// Supervised fine-tuning (SFT) of a <see cref="GptModel"/> on packed conversations: the loss is the mean
/// cross-entropy over trained targets only (the assistant's replies and their &lt;|im_end|&gt;), every other target
/// being <see cref="PackedConversations.IgnoreIndex"/>. The optimisation is pretraining's (<see cref="GptTrainingLoop"/>:
/// AdamW on the same parameter groups, warm-up then cosine, clipping, a dispose scope per step); batches are rows drawn
/// epoch by epoch (<see cref="EpochSampler"/>). The trainer keeps a copy of the weights with the lowest validation
/// loss, and <see cref="Train"/> puts them back into the model when it returns.
/// </summary>
public sealed class SftTrainer : IDisposable
{
    private readonly GptModel model;
    private readonly TrainingConfig config;
    private readonly EpochSampler sampler;
    private readonly GptTrainingLoop loop;
    private Dictionary<string, Tensor>? best;

    /// <param name="model">The model to fine-tune, usually the pretrained course GPT.</param>
    /// <param name="train">Training rows, packed for the model's context length.</param>
    /// <param name="validation">Rows of held-out conversations, scored every EvalInterval steps; null for none.</param>
    /// <param name="config">How to train; Seed seeds the order of the rows.</param>
    public SftTrainer(GptModel model, PackedConversations train, PackedConversations? validation, TrainingConfig config)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(config);
        CheckContextLength(model, train, nameof(train));
        if (validation is not null)
        {
            CheckContextLength(model, validation, nameof(validation));
        }
        this.model = model;
        this.config = config;
        sampler = new EpochSampler(train.RowCount, config.Seed);
        loop = new GptTrainingLoop(model, config,
            () =>
            {
                var (inputs, targets) = train.Batch(sampler.Next(config.BatchSize));
                return Loss(model.forward(inputs), targets);
            },
            validation is null ? null : () => EvaluateLoss(model, validation, config.BatchSize, config.EvalBatches));
    }

    /// <summary>Every step taken so far, in order.</summary>
    public List<LossPoint> History => loop.History;

    /// <summary>Steps taken so far.</summary>
    public int Step => loop.Step;

    /// <summary>Completed passes over the training rows.</summary>
    public int Epoch => sampler.Epoch;

    /// <summary>The lowest validation loss so far (null before the first evaluation).</summary>
    public double? BestValidationLoss { get; private set; }

    /// <summary>The step whose weights had <see cref="BestValidationLoss"/> (null before the first evaluation).</summary>
    public int? BestStep { get; private set; }

    /// <summary>The learning rate of step <paramref name="step"/> (from 0); see <see cref="GptTrainingLoop.LearningRateAt"/>.</summary>
    public double LearningRateAt(int step) => GptTrainingLoop.LearningRateAt(config, step);

    /// <summary>
    /// Runs the remaining steps (<paramref name="onProgress"/> sees every point), then restores the weights of the
    /// best validation step, if there was a validation set.
    /// </summary>
    public List<LossPoint> Train(Action<LossPoint>? onProgress = null, CancellationToken cancellationToken = default)
    {
        loop.Train(point =>
        {
            KeepIfBest(point);
            onProgress?.Invoke(point);
        }, cancellationToken);
        RestoreBestWeights();
        return History;
    }

    /// <summary>One optimiser step on a batch of rows (and the validation loss on evaluation steps).</summary>
    public LossPoint TrainStep()
    {
        var point = loop.TrainStep();
        KeepIfBest(point);
        return point;
    }

    /// <summary>Copies the weights of the best validation step back into the model (nothing before the first evaluation).</summary>
    public void RestoreBestWeights()
    {
        if (best is null)
        {
            return;
        }
        using var _ = no_grad();
        foreach (var (name, parameter) in model.named_parameters())
        {
            parameter.copy_(best[name]);
        }
    }

    /// <summary>
    /// Mean cross-entropy (nats) over the trained targets of logits (B, T, V) and targets (B, T); targets equal to
    /// <see cref="PackedConversations.IgnoreIndex"/> add nothing to the loss or its gradient.
    /// </summary>
    public static Tensor Loss(Tensor logits, Tensor targets)
        => nn.functional.cross_entropy(logits.view(-1, logits.shape[^1]), targets.view(-1), ignore_index: PackedConversations.IgnoreIndex);

    /// <summary>
    /// Mean cross-entropy over every trained target of the first rows (at most <paramref name="maxBatches"/> batches of
    /// <paramref name="batchSize"/> rows, in order: deterministic), each target weighted equally.
    /// </summary>
    public static double EvaluateLoss(GptModel model, PackedConversations rows, int batchSize, int maxBatches = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var wasTraining = model.training;
        model.eval();
        double total = 0;
        long count = 0;
        using (no_grad())
        {
            for (var start = 0; start < rows.RowCount && start / batchSize < maxBatches; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var (inputs, targets) = rows.Batch(Enumerable.Range(start, Math.Min(batchSize, rows.RowCount - start)).ToArray());
                var logits = model.forward(inputs);                                                        // (B, T, V)
                total += nn.functional.cross_entropy(logits.view(-1, logits.shape[^1]), targets.view(-1),
                    ignore_index: PackedConversations.IgnoreIndex, reduction: nn.Reduction.Sum).item<float>();
                count += targets.ne(PackedConversations.IgnoreIndex).sum().item<long>();
            }
        }
        model.train(wasTraining);
        return total / count;
    }

    /// <summary>Releases the copy of the best weights.</summary>
    public void Dispose()
    {
        DisposeBest();
        best = null;
    }

    private static void CheckContextLength(GptModel model, PackedConversations rows, string parameterName)
    {
        if (rows.ContextLength != model.Config.ContextLength)
        {
            throw new ArgumentException($"rows packed for a context of {rows.ContextLength} tokens; the model's is {model.Config.ContextLength}", parameterName);
        }
    }

    private void KeepIfBest(LossPoint point)
    {
        if (point.ValidationLoss is not { } loss || loss >= (BestValidationLoss ?? double.PositiveInfinity))
        {
            return;
        }
        (BestValidationLoss, BestStep) = (loss, point.Step);
        DisposeBest();
        using var _ = no_grad();
        best = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone().DetachFromDisposeScope());
    }

    private void DisposeBest()
    {
        if (best is null)
        {
            return;
        }
        foreach (var tensor in best.Values)
        {
            tensor.Dispose();
        }
    }
}
