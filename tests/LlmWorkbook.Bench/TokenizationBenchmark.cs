using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using LlmWorkbook.Tokenization;
using Microsoft.ML.Tokenizers;

namespace LlmWorkbook.Bench;

/// <summary>
/// BPE training time for a 4,096-id vocabulary on 1 MiB of the course corpus, and encoding throughput of our
/// tokenizer against Microsoft.ML.Tokenizers' TiktokenTokenizer loaded from our exported ranks (same vocabulary,
/// same regex, same text, same run). The cl100k figures put both encoders on OpenAI's vocabulary as well.
/// </summary>
public sealed class TokenizationBenchmark : IBenchmark
{
    private const int CorpusBytes = 1 << 20;
    private const int VocabSize = 4096;
    private const int TrainingRuns = 3;
    private const int EncodingRuns = 7;
    private const int WarmUpRuns = 8;

    public string Name => "tokenization";

    public IReadOnlyDictionary<string, Goal> Goals { get; } = new Dictionary<string, Goal>
    {
        ["bpe_train_seconds"] = Goal.AtMost(5),
        ["encode_ratio"] = Goal.AtLeast(0.5),
    };

    public Task<IReadOnlyDictionary<string, double>> RunAsync(CancellationToken cancellationToken)
    {
        var text = CourseCorpus.LoadText(CorpusBytes);
        var megabytes = Encoding.UTF8.GetByteCount(text) / 1e6;
        var trainer = new BpeTrainer(new BpeTrainerConfig(VocabSize));
        trainer.Train(text[..50_000]); // JIT warm-up

        ByteLevelBpeTokenizer ours = null!;
        var trainSeconds = Median(Enumerable.Range(0, TrainingRuns).Select(_ => Time(() => ours = trainer.Train(text))));

        using var export = new MemoryStream();
        TiktokenFile.Write(ours, export);
        export.Position = 0;
        var theirs = TiktokenTokenizer.Create(
            export, new RegexPreTokenizer(new Regex(ours.SplitPattern, RegexOptions.Compiled), null), normalizer: null);
        var ourIds = ours.Encode(text);
        if (!ourIds.SequenceEqual(theirs.EncodeToIds(text)))
        {
            throw new InvalidOperationException("Our ids and Microsoft.ML.Tokenizers' ids differ on the benchmark text.");
        }
        var (oursMbps, theirsMbps) = CompareEncoders(text, megabytes, t => ours.Encode(t).Count, t => theirs.EncodeToIds(t).Count);

        var cl100kOurs = ByteLevelBpeTokenizer.Cl100kBase();
        var cl100kTheirs = TiktokenTokenizer.CreateForModel("gpt-4");
        var (cl100kOursMbps, cl100kTheirsMbps) = CompareEncoders(text, megabytes, t => cl100kOurs.Encode(t).Count, t => cl100kTheirs.EncodeToIds(t).Count);

        IReadOnlyDictionary<string, double> metrics = new Dictionary<string, double>
        {
            ["corpus_mb"] = megabytes,
            ["bpe_train_seconds"] = trainSeconds,
            ["bpe_merges"] = ours.Merges.Count,
            ["bytes_per_token"] = megabytes * 1e6 / ourIds.Count,
            ["encode_mb_per_s"] = oursMbps,
            ["mltokenizers_encode_mb_per_s"] = theirsMbps,
            ["encode_ratio"] = oursMbps / theirsMbps,
            ["cl100k_encode_mb_per_s"] = cl100kOursMbps,
            ["mltokenizers_cl100k_encode_mb_per_s"] = cl100kTheirsMbps,
            ["cl100k_encode_ratio"] = cl100kOursMbps / cl100kTheirsMbps,
        };
        return Task.FromResult(metrics);
    }

    /// <summary>Median throughput of each encoder over alternating runs, after warm-up runs that fill the caches and let the JIT tier up.</summary>
    private static (double Ours, double Theirs) CompareEncoders(string text, double megabytes, Func<string, int> ours, Func<string, int> theirs)
    {
        for (var warmUp = 0; warmUp < WarmUpRuns; warmUp++)
        {
            ours(text);
            theirs(text);
        }
        var oursSeconds = new List<double>();
        var theirsSeconds = new List<double>();
        for (var run = 0; run < EncodingRuns; run++)
        {
            oursSeconds.Add(Time(() => ours(text)));
            theirsSeconds.Add(Time(() => theirs(text)));
        }
        return (megabytes / Median(oursSeconds), megabytes / Median(theirsSeconds));
    }

    private static double Time(Action action)
    {
        var stopwatch = Stopwatch.StartNew();
        action();
        return stopwatch.Elapsed.TotalSeconds;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
