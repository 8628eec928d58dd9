using System.Diagnostics;
using LlmWorkbook.Gpt;
using LlmWorkbook.Tokenization;
using static TorchSharp.torch;

namespace LlmWorkbook.Bench;

/// <summary>
/// Training and generation speed of the course GPT against the machine's own matmul speed.
/// FLOP count: train_gflops = 6 × N × tokens/s, with N the parameters a token is multiplied by (all but the position
/// table; the tied token embedding counts once, as the output head). Attention-score FLOPs are not counted, so the
/// mfu is a slight underestimate.
/// </summary>
public sealed class GptBenchmark : IBenchmark
{
    private const int VocabSize = CourseGpt.VocabSize;

    public string Name => "gpt";

    public IReadOnlyDictionary<string, Goal> Goals { get; } = new Dictionary<string, Goal>
    {
        ["mfu"] = Goal.AtLeast(0.30),
        ["kv_cache_speedup"] = Goal.AtLeast(5),
        ["kv_cache_same_tokens"] = Goal.AtLeast(1),
        ["rss_growth_pct"] = Goal.AtMost(5),
        ["perplexity_ratio"] = Goal.AtMost(CourseGpt.PerplexityRatioGoal),
    };

    public Task<IReadOnlyDictionary<string, double>> RunAsync(CancellationToken cancellationToken)
    {
        var metrics = new Dictionary<string, double>();
        metrics["threads"] = get_num_threads();

        // The machine's 2 cores may be shared: matmul and training are measured in alternation, three rounds each,
        // and each figure is the median, so both see the same conditions.
        var config = CourseGpt.Config(VocabSize);
        var training = CourseGpt.FullTraining;
        using var model = new GptModel(config);
        var trainer = new GptTrainer(model, RandomTokens(100_000, config.VocabSize, 1), null, training);
        trainer.TrainStep(); // warm-up: allocations, optimizer state
        var matmuls = new List<double>();
        var rates = new List<double>();
        for (var round = 0; round < 3; round++)
        {
            matmuls.Add(MatmulGflops(2048));
            rates.Add(TrainTokensPerSecond(trainer, config, training, steps: 3));
        }
        var matmul = Median(matmuls);
        var tokensPerSecond = Median(rates);
        metrics["matmul_gflops"] = matmul;
        metrics["train_params_counted"] = config.MatmulParameterCount;
        metrics["train_tokens_per_s"] = tokensPerSecond;
        metrics["train_gflops"] = 6.0 * config.MatmulParameterCount * tokensPerSecond / 1e9;
        metrics["mfu"] = metrics["train_gflops"] / matmul;

        // One prompt token and generation up to the full context, where the cache saves the most.
        var (speedup, same) = KvCacheSpeedup(config, newTokens: config.ContextLength - 1);
        metrics["kv_cache_tokens"] = config.ContextLength;
        metrics["kv_cache_speedup"] = speedup;
        metrics["kv_cache_same_tokens"] = same ? 1 : 0;

        metrics["rss_growth_pct"] = RssGrowthPercent(steps: 500);

        var checkpoint = Path.Combine(WorkbookPaths.Root, "data", CourseGpt.CheckpointPath);
        if (File.Exists(checkpoint))
        {
            var tokenizer = CourseGpt.LoadTokenizer(WorkbookPaths.CommittedData(CourseGpt.TokenizerPath));
            var split = CourseCorpus.Pretraining();
            var train = CourseGpt.Encode(tokenizer, split.Train);
            var validation = CourseGpt.Encode(tokenizer, split.Validation);
            using var shipped = GptCheckpoint.Load(checkpoint);
            var (perplexity, bigram, _) = CourseGpt.Perplexities(shipped, train, validation);
            var (unseenPerplexity, unseenBigram, _) = CourseGpt.Perplexities(shipped, train, validation, CourseGpt.Encode(tokenizer, split.Unseen));
            metrics["context_length"] = shipped.Config.ContextLength;
            metrics["val_perplexity"] = perplexity;
            metrics["bigram_perplexity"] = bigram;
            metrics["perplexity_ratio"] = perplexity / bigram;
            metrics["unseen_perplexity"] = unseenPerplexity;
            metrics["unseen_bigram_perplexity"] = unseenBigram;
        }
        return Task.FromResult<IReadOnlyDictionary<string, double>>(metrics);
    }

    private static double MatmulGflops(int n)
    {
        using var scope = NewDisposeScope();
        manual_seed(0);
        var a = randn(n, n);
        var b = randn(n, n);
        a.matmul(b).Dispose();
        var repeats = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < 1.5 || repeats < 3)
        {
            a.matmul(b).Dispose();
            repeats++;
        }
        return 2.0 * n * n * n * repeats / watch.Elapsed.TotalSeconds / 1e9;
    }

    private static int[] RandomTokens(int count, int vocab, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => random.Next(vocab)).ToArray();
    }

    private static double TrainTokensPerSecond(GptTrainer trainer, GptConfig config, TrainingConfig training, int steps)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < steps; i++)
        {
            trainer.TrainStep();
        }
        return (double)steps * training.BatchSize * config.ContextLength / watch.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>Greedy generation of <paramref name="newTokens"/> tokens from one, each way; best of three after a full warm-up.</summary>
    private static (double Speedup, bool SameTokens) KvCacheSpeedup(GptConfig config, int newTokens)
    {
        using var model = new GptModel(config);
        int[] prompt = [0];
        var cached = GptGenerator.Generate(model, prompt, newTokens, useKvCache: true);
        var uncached = GptGenerator.Generate(model, prompt, newTokens, useKvCache: false);
        double Best(bool useKvCache) => Enumerable.Range(0, 3).Min(_ =>
        {
            var watch = Stopwatch.StartNew();
            GptGenerator.Generate(model, prompt, newTokens, useKvCache: useKvCache);
            return watch.Elapsed.TotalSeconds;
        });
        var cachedSeconds = Best(true);
        var uncachedSeconds = Best(false);
        return (uncachedSeconds / cachedSeconds, cached.SequenceEqual(uncached));
    }

    /// <summary>
    /// Resident memory growth across 500 training steps of a small model with the same trainer (a leak of even one
    /// tensor per step shows up); measured after 50 warm-up steps.
    /// </summary>
    private static double RssGrowthPercent(int steps)
    {
        var config = new GptConfig(VocabSize, ContextLength: 64, Layers: 2, Heads: 2, EmbeddingDim: 64);
        using var model = new GptModel(config);
        var trainer = new GptTrainer(model, RandomTokens(50_000, VocabSize, 2), RandomTokens(5_000, VocabSize, 3),
            new TrainingConfig(Steps: steps + 50, BatchSize: 4, EvalInterval: 100, EvalBatches: 2));
        for (var i = 0; i < 50; i++)
        {
            trainer.TrainStep();
        }
        var before = CurrentRss();
        for (var i = 0; i < steps; i++)
        {
            trainer.TrainStep();
        }
        var after = CurrentRss();
        return 100.0 * (after - before) / before;
    }

    private static long CurrentRss()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64;
    }
}
