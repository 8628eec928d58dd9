using LlmWorkbook.FineTuning;
using LlmWorkbook.Gpt;
using LlmWorkbook.Tokenization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LlmWorkbook.Rag;

/// <summary>
/// Trains a <see cref="BiEncoder"/> contrastively: each step draws a batch of pairs from as many different chunks
/// (every chunk once per epoch, one of its pairs at random), embeds the queries and the passages, and minimises
/// <see cref="ContrastiveLoss.InBatch"/>, so that each query is pulled towards its passage and pushed from the batch's
/// other passages. AdamW with weight decay on matrices only, the GPT's warm-up and cosine schedule
/// (<see cref="GptTrainingLoop.LearningRateAt"/>), gradient-norm clipping, one dispose scope per step. The validation
/// loss is the same loss on fixed batches of held-out chunks.
/// </summary>
public sealed class RetrieverTrainer
{
    private readonly BiEncoder model;
    private readonly ByteLevelBpeTokenizer tokenizer;
    private readonly TrainingConfig config;
    private readonly double temperature;
    private readonly RetrievalPair[][] trainChunks;
    private readonly RetrievalPair[][] validationChunks;
    private readonly EpochSampler sampler;
    private readonly Random random;
    private readonly AdamW optimizer;
    private readonly Dictionary<string, IReadOnlyList<int>> tokenCache = new(StringComparer.Ordinal);

    /// <param name="model">The encoder to train.</param>
    /// <param name="tokenizer">The tokenizer its vocabulary belongs to.</param>
    /// <param name="train">Training pairs; a batch holds at most one pair per chunk.</param>
    /// <param name="validation">Held-out pairs (from other chunks), scored every EvalInterval steps; empty for none.</param>
    /// <param name="config">Steps, batch size, schedule, AdamW settings, clipping, evaluation, seed.</param>
    /// <param name="temperature">The contrastive loss's temperature.</param>
    public RetrieverTrainer(BiEncoder model, ByteLevelBpeTokenizer tokenizer, IReadOnlyList<RetrievalPair> train,
        IReadOnlyList<RetrievalPair> validation, TrainingConfig config, double temperature)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(config);
        if (!(temperature > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "the temperature must be positive");
        }
        if (config.Steps < 1 || config.BatchSize < 2 || config.WarmupSteps < 1 || config.EvalInterval < 1 || config.EvalBatches < 1)
        {
            throw new ArgumentException($"training needs steps, a batch of at least 2 (the negatives), warm-up, evaluation interval and batches ≥ 1: {config}", nameof(config));
        }
        trainChunks = ByChunk(train);
        validationChunks = ByChunk(validation);
        if (trainChunks.Length < config.BatchSize)
        {
            throw new ArgumentException($"the {trainChunks.Length} training chunks cannot fill a batch of {config.BatchSize} different chunks", nameof(train));
        }
        (this.model, this.tokenizer, this.config, this.temperature) = (model, tokenizer, config, temperature);
        sampler = new EpochSampler(trainChunks.Length, config.Seed);
        random = new Random(config.Seed + 1);
        optimizer = CreateOptimizer(model, config);
    }

    /// <summary>Every step taken so far, in order.</summary>
    public List<LossPoint> History { get; } = [];

    /// <summary>Steps taken so far.</summary>
    public int Step { get; private set; }

    /// <summary>Completed passes over the training chunks.</summary>
    public int Epoch => sampler.Epoch;

    /// <summary>Chunks the training pairs come from.</summary>
    public int TrainChunkCount => trainChunks.Length;

    /// <summary>Runs the remaining steps; <paramref name="onProgress"/> sees every point.</summary>
    public List<LossPoint> Train(Action<LossPoint>? onProgress = null, CancellationToken cancellationToken = default)
    {
        while (Step < config.Steps && !cancellationToken.IsCancellationRequested)
        {
            var point = TrainStep();
            onProgress?.Invoke(point);
        }
        return History;
    }

    /// <summary>One optimiser step on a batch of pairs from different chunks (and the validation loss on evaluation steps).</summary>
    public LossPoint TrainStep()
    {
        double loss;
        var lr = GptTrainingLoop.LearningRateAt(config, Step);
        using (var scope = NewDisposeScope())
        {
            model.train();
            foreach (var group in optimizer.ParamGroups)
            {
                group.LearningRate = lr;
            }
            var batch = sampler.Next(config.BatchSize).Select(c => trainChunks[c][random.Next(trainChunks[c].Length)]).ToList();
            var value = BatchLoss(batch);
            optimizer.zero_grad();
            value.backward();
            nn.utils.clip_grad_norm_(model.parameters(), config.GradientClip);
            optimizer.step();
            loss = value.item<float>();
        }
        Step++;
        double? validation = validationChunks.Length >= 2 && (Step % config.EvalInterval == 0 || Step == config.Steps) ? ValidationLoss() : null;
        var point = new LossPoint(Step, loss, lr, validation);
        History.Add(point);
        return point;
    }

    /// <summary>
    /// The mean loss over up to EvalBatches batches of the held-out chunks, in order, each chunk's first pair (the same
    /// batches every time, so the numbers compare across steps).
    /// </summary>
    public double ValidationLoss()
    {
        var wasTraining = model.training;
        model.eval();
        double total = 0;
        var batches = 0;
        using (no_grad())
        {
            for (var start = 0; start + 1 < validationChunks.Length && batches < config.EvalBatches; start += config.BatchSize)
            {
                using var scope = NewDisposeScope();
                var batch = validationChunks.Skip(start).Take(config.BatchSize).Select(c => c[0]).ToList();
                if (batch.Count < 2)
                {
                    break;
                }
                total += BatchLoss(batch).item<float>();
                batches++;
            }
        }
        model.train(wasTraining);
        return total / batches;
    }

    private Tensor BatchLoss(List<RetrievalPair> batch)
    {
        var (queryTokens, queryMask) = BiEncoder.Pad(batch.Select(p => Tokens(p.Query)).ToList());
        var (passageTokens, passageMask) = BiEncoder.Pad(batch.Select(p => Tokens(p.Passage)).ToList());
        var queries = model.forward(queryTokens, queryMask);                                          // (B, D)
        var passages = model.forward(passageTokens, passageMask);                                     // (B, D)
        return ContrastiveLoss.InBatch(queries, passages, temperature);
    }

    private IReadOnlyList<int> Tokens(string text)
    {
        if (!tokenCache.TryGetValue(text, out var tokens))
        {
            tokenCache[text] = tokens = model.Tokenize(tokenizer, text);
        }
        return tokens;
    }

    private static RetrievalPair[][] ByChunk(IReadOnlyList<RetrievalPair> pairs) =>
        pairs.GroupBy(p => p.ChunkId, StringComparer.Ordinal).Select(g => g.ToArray()).ToArray();

    // Weight decay on matrices only, as the GPT's loop: biases, layer norms and the position table stay undecayed.
    private static AdamW CreateOptimizer(BiEncoder model, TrainingConfig config)
    {
        var named = model.named_parameters().ToList();
        bool Decayed((string name, Parameter parameter) p) => p.parameter.dim() >= 2 && p.name != Gpt2TensorNames.PositionEmbedding;
        return optim.AdamW(new[]
        {
            new AdamW.ParamGroup(named.Where(Decayed).Select(p => p.parameter).ToList(), new AdamW.Options { weight_decay = config.WeightDecay }),
            new AdamW.ParamGroup(named.Where(p => !Decayed(p)).Select(p => p.parameter).ToList(), new AdamW.Options { weight_decay = 0.0 }),
        }, config.LearningRate, config.Beta1, config.Beta2);
    }
}
