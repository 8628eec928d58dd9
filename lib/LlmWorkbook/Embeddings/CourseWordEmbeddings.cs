using LlmWorkbook.Tokenization;

namespace LlmWorkbook.Embeddings;

/// <summary>
/// The course's own word embeddings: skip-gram trained on the course corpus with the settings of the current
/// <see cref="WorkbookProfile"/>, saved under artifacts/embeddings so that later chapters (RAG) reuse them.
/// </summary>
public static class CourseWordEmbeddings
{
    /// <summary>CI-sized: 64 dimensions, 5 epochs; seconds on 2 cores.</summary>
    public static SkipGramConfig CiConfig { get; } = new(Dimension: 64, Epochs: 5);

    /// <summary>Full: 100 dimensions, 20 epochs; about half a minute on 2 cores.</summary>
    public static SkipGramConfig FullConfig { get; } = new(Dimension: 100, Epochs: 20);

    /// <summary>The settings of the current profile (WORKBOOK_PROFILE).</summary>
    public static SkipGramConfig Config => WorkbookProfile.Pick(CiConfig, FullConfig);

    /// <summary>Where the trained vectors of this profile are saved (word2vec text format).</summary>
    public static string SavedPath => Path.Combine(WorkbookPaths.Root, "artifacts", "embeddings", $"course-skipgram-{WorkbookProfile.Name}.txt");

    /// <summary>The course corpus as lower-case words.</summary>
    public static List<string> CorpusWords() => WordTokenizer.Words(CourseCorpus.LoadText()).ToList();

    /// <summary>The word-relatedness gold set committed under data/word-similarity.</summary>
    public static WordSimilaritySet GoldSet() => WordSimilaritySet.Load(WorkbookPaths.CommittedData("word-similarity/relatedness.tsv"));

    public static SkipGramResult Train(Action<string>? log = null) => SkipGramTrainer.Train(CorpusWords(), Config, log);

    /// <summary>The saved vectors if notebook 02 (or an earlier call) saved them, otherwise trains them now and saves them.</summary>
    public static WordEmbeddings LoadOrTrain(Action<string>? log = null)
    {
        if (File.Exists(SavedPath))
        {
            return WordEmbeddings.Load(SavedPath);
        }
        var embeddings = Train(log).Embeddings;
        embeddings.Save(SavedPath);
        return embeddings;
    }
}
