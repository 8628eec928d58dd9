namespace LlmWorkbook.Embeddings;

/// <summary>Settings of a skip-gram training run.</summary>
/// <param name="Dimension">Length of each word vector.</param>
/// <param name="Window">Largest distance between centre and context word; each centre word draws its window from 1..Window, as word2vec does, so near words count more.</param>
/// <param name="Negatives">Noise words per true pair.</param>
/// <param name="MinCount">Words seen fewer times are left out of the vocabulary.</param>
/// <param name="MaxVocabulary">Keep at most this many of the most frequent words.</param>
/// <param name="SubsampleThreshold">Frequent words are dropped with probability 1 − (√(f/t) + 1)·t/f, f the word's share of the corpus.</param>
/// <param name="Epochs">Passes over the corpus.</param>
/// <param name="BatchSize">(centre, context) pairs per optimizer step.</param>
/// <param name="LearningRate">Adam's learning rate at the start; it decays linearly to a tenth of it by the end.</param>
/// <param name="MaxTokens">Train on only the first this many tokens of the corpus.</param>
/// <param name="Threads">TorchSharp intra-op threads while training. The batches are small gathers and dot products, for which
/// thread hand-offs cost more than they save: one thread is faster, and much faster on a busy machine.</param>
/// <param name="Seed">Seeds TorchSharp's generator (initial weights, negatives) and the pair sampling and shuffling, so a run is repeatable.</param>
public sealed record SkipGramConfig(
    int Dimension = 64,
    int Window = 4,
    int Negatives = 5,
    int MinCount = 5,
    int? MaxVocabulary = null,
    double SubsampleThreshold = 1e-4,
    int Epochs = 5,
    int BatchSize = 1024,
    double LearningRate = 0.025,
    long? MaxTokens = null,
    int Threads = 1,
    int Seed = 42);
