using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmWorkbook.Gpt;

/// <summary>AdamW training of a <see cref="GptModel"/> on token arrays, with evaluation on a validation split.</summary>
public sealed class GptTrainer
{
    private readonly GptModel model;
    private readonly TrainingConfig config;
    private readonly AdamW optimizer;
    private readonly TokenBatches train;
    private readonly TokenBatches? validation;

    public GptTrainer(GptModel model, int[] trainTokens, int[]? validationTokens, TrainingConfig config)
    {
        this.model = model;
        this.config = config;
        train = new TokenBatches(trainTokens, model.Config.ContextLength, config.Seed);
        validation = validationTokens is null ? null : new TokenBatches(validationTokens, model.Config.ContextLength, config.Seed + 1);
        // Weight decay on matrices only; biases, layer norms and position table stay undecayed (as in nanoGPT, except
        // that the tied token embedding is a matrix and is decayed).
        var named = model.named_parameters().ToList();
        bool Decayed((string name, Parameter parameter) p) => p.parameter.dim() >= 2 && p.name != Gpt2TensorNames.PositionEmbedding;
        var decay = named.Where(Decayed).Select(p => p.parameter).ToList();
        var noDecay = named.Where(p => !Decayed(p)).Select(p => p.parameter).ToList();
        optimizer = optim.AdamW(new[]
        {
            new AdamW.ParamGroup(decay, new AdamW.Options { weight_decay = config.WeightDecay }),
            new AdamW.ParamGroup(noDecay, new AdamW.Options { weight_decay = 0.0 }),
        }, config.LearningRate, config.Beta1, config.Beta2);
    }

    public List<LossPoint> History { get; } = [];

    public int Step { get; private set; }

    public double LearningRateAt(int step)
    {
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
        while (Step < config.Steps && !cancellationToken.IsCancellationRequested)
        {
            var point = TrainStep();
            onProgress?.Invoke(point);
        }
        return History;
    }

    public LossPoint TrainStep()
    {
        using var scope = NewDisposeScope();
        model.train();
        var lr = LearningRateAt(Step);
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = lr;
        }
        var (inputs, targets) = train.Next(config.BatchSize);
        var loss = Loss(model.forward(inputs), targets);
        optimizer.zero_grad();
        loss.backward();
        nn.utils.clip_grad_norm_(model.parameters(), config.GradientClip);
        optimizer.step();
        Step++;
        double? validationLoss = validation is not null && (Step % config.EvalInterval == 0 || Step == config.Steps)
            ? EvaluateLoss(model, validation, config.BatchSize, config.EvalBatches)
            : null;
        var point = new LossPoint(Step, loss.item<float>(), lr, validationLoss);
        History.Add(point);
        return point;
    }

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
