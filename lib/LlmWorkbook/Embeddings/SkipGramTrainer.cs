using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmWorkbook.Embeddings;

/// <summary>
/// Trains <see cref="SkipGramModel"/> on a token stream: builds the vocabulary, subsamples frequent words,
/// forms (centre, context) pairs in a random window, draws negatives from the unigram distribution raised to 0.75,
/// and optimizes with Adam (dense gradients; the tables are small). Every random choice is seeded, so a run is repeatable.
/// </summary>
public static class SkipGramTrainer
{
    public static SkipGramResult Train(IEnumerable<string> tokens, SkipGramConfig config, Action<string>? log = null)
    {
        var all = config.MaxTokens is long max ? tokens.Take((int)Math.Min(max, int.MaxValue)).ToList() : tokens.ToList();
        var vocabulary = Vocabulary.Build(all, config.MinCount, config.MaxVocabulary);
        if (vocabulary.Count < 2)
        {
            throw new ArgumentException($"only {vocabulary.Count} word(s) occur at least {config.MinCount} times; lower MinCount or give more text.");
        }
        var ids = vocabulary.Encode(all);
        return Train(ids, vocabulary, config, log);
    }

    public static SkipGramResult Train(int[] ids, Vocabulary vocabulary, SkipGramConfig config, Action<string>? log = null)
    {
        var previousThreads = torch.get_num_threads();
        torch.set_num_threads(config.Threads);
        try
        {
            return TrainWithThreadsSet(ids, vocabulary, config, log);
        }
        finally
        {
            torch.set_num_threads(previousThreads);
        }
    }

    private static SkipGramResult TrainWithThreadsSet(int[] ids, Vocabulary vocabulary, SkipGramConfig config, Action<string>? log)
    {
        torch.manual_seed(config.Seed);
        var random = new Random(config.Seed);
        using var model = new SkipGramModel(vocabulary.Count, config.Dimension);
        using var noise = NoiseDistribution(vocabulary.Counts);
        using var optimizer = optim.Adam(model.parameters(), lr: config.LearningRate);
        var keep = KeepProbabilities(vocabulary.Counts, config.SubsampleThreshold);

        var losses = new List<double>();
        long pairsTrained = 0;
        var stopwatch = Stopwatch.StartNew();
        long stepsPerEpoch = 0;
        var step = 0L;
        for (var epoch = 0; epoch < config.Epochs; epoch++)
        {
            var (centres, contexts) = Pairs(ids, keep, config.Window, random);
            Shuffle(centres, contexts, random);
            if (epoch == 0)
            {
                // Later epochs draw slightly different pairs; the first one sets the pace of the learning-rate decay.
                stepsPerEpoch = Math.Max(1, (centres.Length + config.BatchSize - 1) / config.BatchSize);
            }
            var totalSteps = stepsPerEpoch * config.Epochs;
            double lossSum = 0;
            var batches = 0;
            for (var start = 0; start < centres.Length; start += config.BatchSize)
            {
                using var scope = torch.NewDisposeScope();
                var length = Math.Min(config.BatchSize, centres.Length - start);
                var centreBatch = torch.tensor(centres.AsSpan(start, length).ToArray(), dtype: int64);
                var contextBatch = torch.tensor(contexts.AsSpan(start, length).ToArray(), dtype: int64);
                var negatives = torch.multinomial(noise, length * config.Negatives, replacement: true).view(length, config.Negatives);

                var progress = Math.Min(1.0, (double)step / totalSteps);
                foreach (var group in optimizer.ParamGroups)
                {
                    group.LearningRate = config.LearningRate * (1 - 0.9 * progress);
                }
                optimizer.zero_grad();
                var loss = model.Loss(centreBatch, contextBatch, negatives);
                loss.backward();
                optimizer.step();
                lossSum += loss.item<float>();
                batches++;
                step++;
            }
            pairsTrained += centres.Length;
            losses.Add(batches == 0 ? double.NaN : lossSum / batches);
            log?.Invoke($"epoch {epoch + 1}/{config.Epochs}: {centres.Length:N0} pairs, mean loss {losses[^1]:F4}, {stopwatch.Elapsed.TotalSeconds:F1} s");
        }
        stopwatch.Stop();

        var weights = model.CentreWeights.detach().cpu().contiguous().data<float>().ToArray();
        var embeddings = new WordEmbeddings(vocabulary.Words, weights, config.Dimension);
        var seconds = Math.Max(stopwatch.Elapsed.TotalSeconds, 1e-9);
        return new SkipGramResult(embeddings, vocabulary, losses, ids.Length, pairsTrained, stopwatch.Elapsed,
            (double)ids.Length * config.Epochs / seconds);
    }

    /// <summary>The noise distribution for negatives: unigram counts raised to 0.75 (rare words drawn more often than their share), normalised.</summary>
    public static Tensor NoiseDistribution(IReadOnlyList<long> counts)
    {
        var weights = counts.Select(c => Math.Pow(c, 0.75)).ToArray();
        var total = weights.Sum();
        return torch.tensor(weights.Select(w => (float)(w / total)).ToArray());
    }

    /// <summary>word2vec's subsampling: the probability of keeping each occurrence of a word, (√(f/t) + 1)·t/f capped at 1.</summary>
    public static double[] KeepProbabilities(IReadOnlyList<long> counts, double threshold)
    {
        var total = (double)counts.Sum();
        return counts.Select(c =>
        {
            if (threshold <= 0)
            {
                return 1.0;
            }
            var f = c / total;
            return Math.Min(1.0, (Math.Sqrt(f / threshold) + 1) * threshold / f);
        }).ToArray();
    }

    /// <summary>(centre, context) pairs of one pass: subsample, then pair each kept word with its neighbours within a window of random size 1..window.</summary>
    public static (long[] Centres, long[] Contexts) Pairs(int[] ids, double[] keep, int window, Random random)
    {
        var kept = new List<int>(ids.Length);
        foreach (var id in ids)
        {
            if (keep[id] >= 1 || random.NextDouble() < keep[id])
            {
                kept.Add(id);
            }
        }
        var centres = new List<long>(kept.Count * window);
        var contexts = new List<long>(kept.Count * window);
        for (var i = 0; i < kept.Count; i++)
        {
            var reach = random.Next(1, window + 1);
            for (var j = Math.Max(0, i - reach); j <= Math.Min(kept.Count - 1, i + reach); j++)
            {
                if (j != i)
                {
                    centres.Add(kept[i]);
                    contexts.Add(kept[j]);
                }
            }
        }
        return (centres.ToArray(), contexts.ToArray());
    }

    /// <summary>Shuffles the pairs in place (Fisher–Yates, both arrays in step), so a batch mixes the whole corpus.</summary>
    public static void Shuffle(long[] a, long[] b, Random random)
    {
        for (var i = a.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (a[i], a[j]) = (a[j], a[i]);
            (b[i], b[j]) = (b[j], b[i]);
        }
    }
}
