using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmWorkbook.Gpt;

/// <summary>
/// The optimisation every trainer of a <see cref="GptModel"/> shares: AdamW with weight decay on the matrices only, a
/// learning rate that warms up linearly and then decays along a cosine, gradient-norm clipping, one dispose scope per
/// step, and a validation loss every <see cref="TrainingConfig.EvalInterval"/> steps. The trainer supplies what
/// differs: the loss of its next batch and its validation loss (<see cref="GptTrainer"/> on windows of a token array,
/// the fine-tuning trainer on packed conversations).
/// </summary>
public sealed class GptTrainingLoop
{
    private readonly GptModel model;
    private readonly TrainingConfig config;
    private readonly Func<Tensor> nextBatchLoss;
    private readonly Func<double>? validationLoss;
    private readonly AdamW optimizer;

    /// <param name="model">The model to train; its parameters are the optimizer's.</param>
    /// <param name="config">Steps, schedule, AdamW settings, clipping and evaluation interval.</param>
    /// <param name="nextBatchLoss">Draws the next training batch and returns its mean loss (a scalar with a graph).
    /// Called in training mode, inside the step's dispose scope.</param>
    /// <param name="validationLoss">The validation loss, computed on evaluation steps; null for none.</param>
    public GptTrainingLoop(GptModel model, TrainingConfig config, Func<Tensor> nextBatchLoss, Func<double>? validationLoss)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(nextBatchLoss);
        this.model = model;
        this.config = config;
        this.nextBatchLoss = nextBatchLoss;
        this.validationLoss = validationLoss;
        optimizer = CreateOptimizer(model, config);
    }

    /// <summary>How this loop trains.</summary>
    public TrainingConfig Config => config;

    /// <summary>Every step taken so far, in order.</summary>
    public List<LossPoint> History { get; } = [];

    /// <summary>Steps taken so far.</summary>
    public int Step { get; private set; }

    /// <summary>Whether all <see cref="TrainingConfig.Steps"/> have been taken.</summary>
    public bool IsFinished => Step >= config.Steps;

    /// <summary>
    /// The learning rate of step <paramref name="step"/> (from 0): lr·(step + 1)/warm-up during the warm-up, then a
    /// cosine from lr down to the minimum over the remaining steps, and the minimum after them.
    /// </summary>
    public static double LearningRateAt(TrainingConfig config, int step)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (step < config.WarmupSteps)
        {
            return config.LearningRate * (step + 1) / config.WarmupSteps;
        }
        var progress = Math.Min(1.0, (double)(step - config.WarmupSteps) / Math.Max(1, config.Steps - config.WarmupSteps));
        return config.MinLearningRate + 0.5 * (1 + Math.Cos(Math.PI * progress)) * (config.LearningRate - config.MinLearningRate);
    }

    /// <summary>Runs the remaining steps; <paramref name="onProgress"/> sees every point (e.g. to update a chart).</summary>
    public List<LossPoint> Train(Action<LossPoint>? onProgress = null, CancellationToken cancellationToken = default)
    {
        while (!IsFinished && !cancellationToken.IsCancellationRequested)
        {
            var point = TrainStep();
            onProgress?.Invoke(point);
        }
        return History;
    }

    /// <summary>
    /// One optimiser step: set the step's learning rate, compute the next batch's loss, backpropagate, clip the
    /// gradient norm, update; then the validation loss if this is an evaluation step (every EvalInterval steps and the last).
    /// </summary>
    public LossPoint TrainStep()
    {
        using var scope = NewDisposeScope();
        model.train();
        var lr = LearningRateAt(config, Step);
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = lr;
        }
        var loss = nextBatchLoss();
        optimizer.zero_grad();
        loss.backward();
        nn.utils.clip_grad_norm_(model.parameters(), config.GradientClip);
        optimizer.step();
        Step++;
        double? validation = validationLoss is not null && (Step % config.EvalInterval == 0 || Step == config.Steps)
            ? validationLoss()
            : null;
        var point = new LossPoint(Step, loss.item<float>(), lr, validation);
        History.Add(point);
        return point;
    }

    /// <summary>
    /// AdamW with weight decay on matrices only; biases, layer norms and the position table stay undecayed (as in
    /// nanoGPT, except that the tied token embedding is a matrix and is decayed).
    /// </summary>
    private static AdamW CreateOptimizer(GptModel model, TrainingConfig config)
    {
        var named = model.named_parameters().ToList();
        bool Decayed((string name, Parameter parameter) p) => p.parameter.dim() >= 2 && p.name != Gpt2TensorNames.PositionEmbedding;
        var decay = named.Where(Decayed).Select(p => p.parameter).ToList();
        var noDecay = named.Where(p => !Decayed(p)).Select(p => p.parameter).ToList();
        return optim.AdamW(new[]
        {
            new AdamW.ParamGroup(decay, new AdamW.Options { weight_decay = config.WeightDecay }),
            new AdamW.ParamGroup(noDecay, new AdamW.Options { weight_decay = 0.0 }),
        }, config.LearningRate, config.Beta1, config.Beta2);
    }
}
