using LlmWorkbook.Embeddings;

namespace LlmWorkbook.Tests.Embeddings;

[Collection(TorchGlobalGenerator.Name)]
public sealed class SkipGramTrainerTests
{
    // Two topics that never share a window: words of one topic co-occur, words of different topics do not.
    private static readonly string[] Sea = ["ship", "sail", "wave", "harbour", "anchor"];
    private static readonly string[] Farm = ["wheat", "barn", "plough", "cattle", "field"];

    private static List<string> SyntheticCorpus(int seed)
    {
        var random = new Random(seed);
        var tokens = new List<string>();
        for (var block = 0; block < 300; block++)
        {
            var topic = block % 2 == 0 ? Sea : Farm;
            tokens.AddRange(Enumerable.Range(0, 12).Select(_ => topic[random.Next(topic.Length)]));
            tokens.AddRange(["and", "then", "also"]); // a buffer wider than the window between topics
        }
        return tokens;
    }

    private static readonly SkipGramConfig Tiny = new(Dimension: 16, Window: 2, Negatives: 3, MinCount: 1,
        SubsampleThreshold: 0, Epochs: 4, BatchSize: 128, LearningRate: 0.02, Seed: 3);

    [Fact]
    public void Co_occurring_words_end_up_closer_than_others()
    {
        var result = SkipGramTrainer.Train(SyntheticCorpus(1), Tiny);
        var embeddings = result.Embeddings;
        double Mean(IEnumerable<(string, string)> pairs) => pairs.Average(p => embeddings.Cosine(p.Item1, p.Item2));
        var withinSea = Mean(from a in Sea from b in Sea where a != b select (a, b));
        var withinFarm = Mean(from a in Farm from b in Farm where a != b select (a, b));
        var across = Mean(from a in Sea from b in Farm select (a, b));
        Assert.True(withinSea > across + 0.3, $"sea words {withinSea:F3} vs across {across:F3}");
        Assert.True(withinFarm > across + 0.3, $"farm words {withinFarm:F3} vs across {across:F3}");
        Assert.All(Sea, w => Assert.Contains(embeddings.Nearest(w, 1)[0].Word, Sea));
        Assert.True(result.LossPerEpoch[^1] < result.LossPerEpoch[0]);
    }

    [Fact]
    public void The_same_seed_gives_the_same_vectors()
    {
        var config = Tiny with { Epochs = 1 };
        var a = SkipGramTrainer.Train(SyntheticCorpus(2), config).Embeddings;
        var b = SkipGramTrainer.Train(SyntheticCorpus(2), config).Embeddings;
        Assert.All(a.Words, w => Assert.Equal(a.Vector(w), b.Vector(w)));
        Assert.Equal(16, a.Dimension);
        var other = SkipGramTrainer.Train(SyntheticCorpus(2), config with { Seed = 4 }).Embeddings;
        Assert.NotEqual(a.Vector("ship"), other.Vector("ship"));
    }

    [Fact]
    public void Noise_is_the_unigram_distribution_to_three_quarters()
    {
        using var noise = SkipGramTrainer.NoiseDistribution([16, 1]);
        var p = noise.data<float>().ToArray();
        Assert.Equal(8 / 9.0, p[0], 6);
        Assert.Equal(1 / 9.0, p[1], 6);
    }

    [Fact]
    public void Subsampling_keeps_rare_words_and_thins_frequent_ones()
    {
        // With t = 0.01: the word with f = 0.99 is kept with probability (√99 + 1)·0.01/0.99; the rare one always.
        var keep = SkipGramTrainer.KeepProbabilities([99, 1], 0.01);
        Assert.Equal((Math.Sqrt(99) + 1) * 0.01 / 0.99, keep[0], 12);
        Assert.Equal(1, keep[1]);
        Assert.All(SkipGramTrainer.KeepProbabilities([99, 1], 0), k => Assert.Equal(1, k));
    }

    [Fact]
    public void Pairs_stay_inside_the_window()
    {
        int[] ids = [0, 1, 2, 3, 4, 5, 6, 7];
        var (centres, contexts) = SkipGramTrainer.Pairs(ids, [1, 1, 1, 1, 1, 1, 1, 1], window: 2, new Random(0));
        Assert.Equal(centres.Length, contexts.Length);
        Assert.All(centres.Zip(contexts), p => Assert.InRange(Math.Abs(p.First - p.Second), 1, 2));
        Assert.Contains((0L, 1L), centres.Zip(contexts));
    }
}
