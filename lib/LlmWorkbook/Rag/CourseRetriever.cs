using LlmWorkbook.Gpt;
using LlmWorkbook.Tokenization;

namespace LlmWorkbook.Rag;

/// <summary>
/// The retriever the course trains: a <see cref="BiEncoder"/> over the course tokenizer, trained by
/// <see cref="RetrieverTrainer"/> on pairs from the training addresses (<see cref="RetrievalPairGenerator"/>). The full
/// setting produced the shipped weights at <see cref="CheckpointPath"/> (./workbook train retriever); the CI setting is
/// the short run notebook 06 shows live.
/// </summary>
public static class CourseRetriever
{
    /// <summary>Where the shipped weights live, relative to data/.</summary>
    public const string CheckpointPath = "retriever/course-retriever.safetensors";

    /// <summary>The shipped run's loss curve (<see cref="LossCurveFile"/>), relative to data/.</summary>
    public const string LossCurvePath = "retriever/course-retriever-training.csv";

    /// <summary>The shipped run's log, relative to data/.</summary>
    public const string TrainingLogPath = "retriever/course-retriever-training.log";

    /// <summary>The words per chunk the retriever is trained and measured on (<see cref="Chunker.BySentences"/>).</summary>
    public const int ChunkWords = 120;

    /// <summary>Sentences shared by neighbouring chunks: none, which BM25 measured best on the dev split at 120 words.</summary>
    public const int OverlapSentences = 0;

    /// <summary>Every this-many-th training chunk (from the first) is held out to validate on.</summary>
    public const int ValidationEvery = 50;

    /// <summary>
    /// The encoder's shape: the course GPT's token vectors (width 256) pooled by a learned weighted mean, no blocks, and
    /// 256-dimensional embeddings. Without blocks a text costs a lookup per token, so the whole corpus embeds in seconds.
    /// </summary>
    public static BiEncoderConfig Model { get; } =
        new(CourseGpt.VocabSize, MaxTokens: 256, Layers: 0, Heads: 4, EmbeddingDim: 256, OutputDim: 256, WeightedPooling: true);

    /// <summary>
    /// The setting of the shipped weights: from the course GPT's token vectors, up to 4 questions and 3 inverse-cloze
    /// pairs per chunk of every training address, 10,000 steps of 64 pairs (about 45 passes over the chunks), learning
    /// rate 1e-3 decaying to 1e-4, τ = 0.05.
    /// </summary>
    public static RetrieverTrainingConfig FullTraining { get; } = new(
        Model,
        FromCourseGpt: true,
        new RetrievalPairConfig(Seed: 2024, ChunkWords, OverlapSentences, QuestionsPerChunk: 4, ClozePerChunk: 3),
        new TrainingConfig(Steps: 10000, BatchSize: 64, LearningRate: 1e-3, MinLearningRate: 1e-4, WarmupSteps: 200,
            WeightDecay: 0.01, GradientClip: 1.0, EvalInterval: 500, EvalBatches: 8, Seed: 1337));

    /// <summary>The short run notebook 06 shows: every tenth training address, 50 steps of 32 pairs.</summary>
    public static RetrieverTrainingConfig CiTraining { get; } = FullTraining with
    {
        Pairs = FullTraining.Pairs with { AddressStride = 10 },
        Training = FullTraining.Training with { Steps = 50, BatchSize = 32, WarmupSteps = 10, EvalInterval = 25, EvalBatches = 2 },
    };

    /// <summary>Every chunk of every address, 1790–2021, as the retriever is measured on.</summary>
    public static IReadOnlyList<Chunk> Chunks() =>
        CourseCorpus.LoadAllAddresses().SelectMany(a => Chunker.BySentences(a, ChunkWords, OverlapSentences)).ToList();

    /// <summary>
    /// The pairs of a setting, split by chunk: every <see cref="ValidationEvery"/>-th chunk's pairs validate, the rest train.
    /// </summary>
    public static (IReadOnlyList<RetrievalPair> Train, IReadOnlyList<RetrievalPair> Validation) TrainingPairs(RetrievalPairConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var pairs = RetrievalPairGenerator.Generate(config);
        var chunkIndex = pairs.Select(p => p.ChunkId).Distinct(StringComparer.Ordinal).Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);
        bool Validates(RetrievalPair p) => chunkIndex[p.ChunkId] % ValidationEvery == 0;
        return (pairs.Where(p => !Validates(p)).ToList(), pairs.Where(Validates).ToList());
    }

    /// <summary>
    /// A new encoder for a setting: its shape, seeded with the setting's seed, and with the course GPT's token
    /// embeddings and first blocks when the setting starts from them.
    /// </summary>
    public static BiEncoder CreateModel(RetrieverTrainingConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var model = new BiEncoder(config.Model, config.Training.Seed);
        if (config.FromCourseGpt)
        {
            using var gpt = GptCheckpoint.Load(WorkbookPaths.CommittedData(CourseGpt.CheckpointPath));
            model.InitializeFrom(gpt);
        }
        return model;
    }

    /// <summary>The shipped weights (data/retriever).</summary>
    public static BiEncoder Load() => BiEncoder.Load(WorkbookPaths.CommittedData(CheckpointPath));

    /// <summary>
    /// The shipped weights behind <see cref="Microsoft.Extensions.AI.IEmbeddingGenerator{TInput,TEmbedding}"/>, with the
    /// course tokenizer. The generator does not dispose its model; dispose <see cref="RetrieverEmbeddingGenerator.Model"/>
    /// when done with both.
    /// </summary>
    public static RetrieverEmbeddingGenerator LoadGenerator() =>
        new(Load(), CourseGpt.LoadTokenizer(WorkbookPaths.CommittedData(CourseGpt.TokenizerPath)));
}
