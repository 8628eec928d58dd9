namespace LlmWorkbook.Embeddings;

/// <summary>What a training run produced and how fast it went.</summary>
/// <param name="Embeddings">The trained centre-word vectors, one row per vocabulary word.</param>
/// <param name="Vocabulary">The words kept for training, with their counts; row i of <paramref name="Embeddings"/> is word i.</param>
/// <param name="LossPerEpoch">Mean training loss of each epoch.</param>
/// <param name="CorpusTokens">Tokens of the corpus that are in the vocabulary (before subsampling), per epoch.</param>
/// <param name="TrainingPairs">(centre, context) pairs trained on, all epochs together.</param>
/// <param name="TrainingTime">Wall-clock time of the training loop, all epochs together.</param>
/// <param name="TokensPerSecond">Corpus tokens processed per second of training (word2vec's "words/sec").</param>
public sealed record SkipGramResult(
    WordEmbeddings Embeddings,
    Vocabulary Vocabulary,
    IReadOnlyList<double> LossPerEpoch,
    long CorpusTokens,
    long TrainingPairs,
    TimeSpan TrainingTime,
    double TokensPerSecond);
