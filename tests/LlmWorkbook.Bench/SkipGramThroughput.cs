using LlmWorkbook.Embeddings;

namespace LlmWorkbook.Bench;

/// <summary>
/// Word-embedding training throughput: skip-gram with the CI settings of notebook 02 on the whole course corpus,
/// after a short warm-up run. Tokens per second counts corpus tokens (before subsampling) × epochs, word2vec's
/// "words/sec"; the Spearman figure against the committed gold set shows the run also learned something.
/// </summary>
public static class SkipGramThroughput
{
    public static IReadOnlyDictionary<string, double> Measure()
    {
        var words = CourseWordEmbeddings.CorpusWords();
        var config = CourseWordEmbeddings.CiConfig;
        SkipGramTrainer.Train(words.Take(20_000), config with { Epochs = 1 }); // JIT and allocator warm-up
        var result = SkipGramTrainer.Train(words, config);
        var gold = CourseWordEmbeddings.GoldSet();
        return new Dictionary<string, double>
        {
            ["skipgram_tokens_per_s"] = result.TokensPerSecond,
            ["skipgram_train_seconds"] = result.TrainingTime.TotalSeconds,
            ["skipgram_spearman"] = gold.Evaluate(result.Embeddings).Spearman,
        };
    }
}
