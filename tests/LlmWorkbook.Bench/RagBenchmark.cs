using System.Diagnostics;
using LlmWorkbook.Chat;
using LlmWorkbook.Embeddings;
using LlmWorkbook.Evaluation;
using LlmWorkbook.FineTuning;
using LlmWorkbook.Gpt;
using LlmWorkbook.Rag;
using LlmWorkbook.Rag.VectorStores;
using LlmWorkbook.Tokenization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace LlmWorkbook.Bench;

/// <summary>
/// Retrieval-augmented generation over the whole corpus, chunked as the course retriever is trained and measured
/// (<see cref="CourseRetriever.Chunks"/>), scored on the evaluation set's test split; every setting is picked on the dev
/// split. "Dense" is the course retriever (<see cref="CourseRetriever.LoadGenerator"/>); the mean-pooled course word
/// vectors, the first baseline, are reported by their recall (<c>recall_at_5_meanpool</c>).
/// <list type="bullet">
/// <item>Vector search over every chunk's retriever embedding, with the test questions as queries
/// (<see cref="VectorSearchMeasurements"/>), BM25 against Lucene.Net (<see cref="Bm25Measurements"/>), and the in-process
/// store against pgvector (<see cref="PgvectorMeasurements"/>).</item>
/// <item>Recall@5 and MRR of BM25, dense retrieval, reciprocal-rank and weighted fusion of the two (BM25's weight picked
/// on dev recall@5 from 0.5–0.9), and query-likelihood reranking by the course base model of the top 20 of the hybrid
/// with the better dev recall@5.</item>
/// <item>Closed book: the course assistant asked each question alone, greedy.</item>
/// <item>RAG: BM25, dense, hybrid and hybrid + rerank, read by the best-sentence reader, and BM25 and hybrid also read
/// by the assistant. The assistant gets the first two sources that fit the default word budget
/// (<see cref="GroundedAnswerOptions.MaxSourceWords"/>) and its window; the best-sentence reader, which has no window,
/// reads the top three whole, as in notebook 06. Only BM25 → best sentence has a minimum score (picked on dev
/// F1; 0 is among the choices), below which it answers "not in the corpus"; the other scores are cosines, fusion scores
/// or log-likelihoods, and are not gated. <c>rag_f1</c> and the failure counts are the test figures of the pipeline with
/// the best dev F1, among those run on dev (all but the reranked one).</item>
/// </list>
/// Retrievals are remembered between the recall, dev and answer runs, so the reranker (the slowest part: about 1 s a
/// question on an idle 2-core machine, several times that on a busy one) scores each test question's candidates once.
/// The whole bench takes about five minutes on an idle 2-core machine.
/// </summary>
public sealed class RagBenchmark : IBenchmark
{
    private const int RerankCandidates = 20;

    private static readonly double[] Bm25Weights = [0.5, 0.6, 0.7, 0.8, 0.9];
    private static readonly double[] Bm25MinScores = [0, 5, 10, 15, 20, 25, 30, 35, 40, 50];
    private static readonly ChatOptions Greedy = new() { Temperature = 0, MaxOutputTokens = 32 };

    public string Name => "rag";

    public IReadOnlyDictionary<string, Goal> Goals { get; } = new Dictionary<string, Goal>
    {
        ["exact_bandwidth_fraction"] = Goal.AtLeast(0.5),
        ["hnsw_recall_at_10"] = Goal.AtLeast(0.95),
        ["bm25_top10_agreement"] = Goal.AtLeast(1.0),
        ["pgvector_same_topk"] = Goal.AtLeast(1.0),
        ["hybrid_recall_minus_best_single"] = Goal.AtLeast(0),
        ["rag_f1_2001_2021_over_closed_book"] = Goal.AtLeast(3),
    };

    public async Task<IReadOnlyDictionary<string, double>> RunAsync(CancellationToken cancellationToken)
    {
        var progress = new Progress();
        var metrics = new Dictionary<string, double>();
        var addresses = CourseCorpus.LoadAllAddresses();
        var chunks = CourseRetriever.Chunks();
        var (dev, test) = (EvalSet.Dev(), EvalSet.Test());
        var judgments = new RelevanceJudgments(chunks, addresses);
        metrics["chunks"] = chunks.Count;
        metrics["questions"] = test.Count;
        metrics["questions_2001_2021"] = test.Count(IsHeldOut);

        using var store = new InProcessVectorStore();
        using var meanPooling = new MeanPoolingEmbeddingGenerator(CourseWordEmbeddings.LoadOrTrain());
        var (meanPooled, _) = await LoadDenseAsync(store, "mean-pooled", "dense (word vectors)", chunks, meanPooling, cancellationToken);
        using var retrieverEmbeddings = CourseRetriever.LoadGenerator();
        using var retrieverModel = retrieverEmbeddings.Model;
        var (dense, records) = await LoadDenseAsync(store, "retriever", "dense (retriever)", chunks, retrieverEmbeddings, cancellationToken);
        progress.Report("embedded every chunk");

        var queries = (await retrieverEmbeddings.GenerateAsync(test.Select(q => q.Question), cancellationToken: cancellationToken)).Select(e => e.Vector).ToList();
        Add(metrics, VectorSearchMeasurements.Measure(records.Select(r => r.Embedding).ToList(), queries));
        progress.Report("vector search");
        Add(metrics, Bm25Measurements.Measure(chunks.Select(c => (c.Id, c.Text)).ToList(), test.Select(q => q.Question).ToList()));
        progress.Report("bm25 against lucene");
        Add(metrics, await PgvectorMeasurements.MeasureAsync(records, queries, cancellationToken));
        progress.Report("pgvector");

        var bm25 = new RememberingRetriever(new Bm25Retriever(chunks));
        var rrf = new RememberingRetriever(new HybridRetriever([bm25, dense], FusionMethod.ReciprocalRank));
        var bm25Weight = await BestAsync(Bm25Weights, w => RecallAsync(Weighted(bm25, dense, w), dev, judgments, cancellationToken));
        var weighted = new RememberingRetriever(Weighted(bm25, dense, bm25Weight));
        metrics["hybrid_bm25_weight"] = bm25Weight;
        var hybridIsWeighted = await RecallAsync(weighted, dev, judgments, cancellationToken) > await RecallAsync(rrf, dev, judgments, cancellationToken);
        var hybrid = hybridIsWeighted ? weighted : rrf;
        metrics["hybrid_weighted_chosen"] = hybridIsWeighted ? 1 : 0;
        progress.Report("hybrid settings on dev");

        var tokenizer = CourseGpt.LoadTokenizer(WorkbookPaths.CommittedData(CourseGpt.TokenizerPath));
        using var baseModel = GptCheckpoint.Load(WorkbookPaths.CommittedData(CourseGpt.CheckpointPath));
        var reranked = new RememberingRetriever(new RerankingRetriever(hybrid, new QueryLikelihoodReranker(baseModel, tokenizer), RerankCandidates));

        foreach (var (name, retriever) in new (string, IChunkRetriever)[]
                 { ("bm25", bm25), ("dense", dense), ("meanpool", meanPooled), ("hybrid", rrf), ("hybrid_weighted", weighted), ("hybrid_rerank", reranked) })
        {
            var (recall, mrr) = await RagEvaluation.RetrievalAsync(retriever, test, judgments, cancellationToken: cancellationToken);
            metrics[$"recall_at_5_{name}"] = recall;
            metrics[$"mrr_{name}"] = mrr;
            progress.Report($"retrieval {name}: recall@5 {recall:F3}");
        }
        metrics["hybrid_recall_minus_best_single"] =
            Math.Max(metrics["recall_at_5_hybrid"], metrics["recall_at_5_hybrid_weighted"]) - Math.Max(metrics["recall_at_5_bm25"], metrics["recall_at_5_dense"]);

        using var assistant = CourseChatClient.Load(
            WorkbookPaths.CommittedData(CourseAssistant.CheckpointPath), WorkbookPaths.CommittedData(CourseGpt.TokenizerPath));
        var closedBook = await QaEvaluation.RunAsync(assistant, QaContexts.For(test, addresses), Greedy, QaEvaluation.ClosedBookPrompt, cancellationToken: cancellationToken);
        var closedBookHeldOut = closedBook.Where(p => IsHeldOut(p.Item.Question)).ToList();
        metrics["closed_book_f1"] = QaScores.Of(closedBook).F1;
        metrics["closed_book_exact"] = QaScores.Of(closedBook).Exact;
        metrics["closed_book_f1_2001_2021"] = QaScores.Of(closedBookHeldOut).F1;
        progress.Report($"closed book: F1 {metrics["closed_book_f1"]:F3}");

        var minScore = await BestAsync(Bm25MinScores, s => F1Async(Lexical(bm25, s), dev, judgments, cancellationToken));
        metrics["bm25_lexical_min_score"] = minScore;
        metrics["source_words"] = new GroundedAnswerOptions().MaxSourceWords;
        var readByAssistant = new GroundedAnswerOptions(Sources: 2, MinScore: double.NegativeInfinity, Chat: Greedy);
        // The assistant reads for BM25 and the hybrid only, and the reranked pipeline runs on test only (so it is not a
        // candidate for the best pipeline): on a busy machine each costs minutes, and neither changes the outcome (the
        // assistant declines nearly every question; reranking lowers recall@5).
        var pipelines = new (string Name, GroundedAnswerer Answerer, bool OnDev)[]
        {
            ("bm25_lexical", Lexical(bm25, minScore), true),
            ("bm25_assistant", GroundedAnswerer.WithChat(bm25, assistant, readByAssistant), true),
            ("dense_lexical", Lexical(dense, double.NegativeInfinity), true),
            ("hybrid_lexical", Lexical(hybrid, double.NegativeInfinity), true),
            ("hybrid_assistant", GroundedAnswerer.WithChat(hybrid, assistant, readByAssistant), true),
            ("hybrid_rerank_lexical", Lexical(reranked, double.NegativeInfinity), false),
        };
        var best = (Name: "", DevF1: double.NegativeInfinity, Test: new List<RagPrediction>());
        foreach (var (name, answerer, onDev) in pipelines)
        {
            var predictions = await RagEvaluation.RunAsync(answerer, test, judgments, cancellationToken);
            var scores = RagScores.Of(answerer.Name, predictions);
            metrics[$"rag_f1_{name}"] = scores.F1;
            metrics[$"rag_exact_{name}"] = scores.Exact;
            AddCitations(metrics, $"rag_citations_{name}", scores);
            if (!onDev)
            {
                progress.Report(scores.ToString());
                continue;
            }
            var devF1 = await F1Async(answerer, dev, judgments, cancellationToken);
            metrics[$"rag_dev_f1_{name}"] = devF1;
            progress.Report($"{scores} (dev F1 {devF1:F3})");
            if (devF1 > best.DevF1)
            {
                best = (name, devF1, predictions);
            }
        }

        var chosen = RagScores.Of(best.Name, best.Test);
        Console.WriteLine($"best pipeline on dev: {best.Name} (dev F1 {best.DevF1:F3})");
        metrics["rag_f1"] = chosen.F1;
        metrics["rag_exact"] = chosen.Exact;
        metrics["rag_answerable_f1"] = chosen.AnswerableF1;
        AddCitations(metrics, "rag_citations", chosen);
        metrics["rag_f1_2001_2021"] = best.Test.Where(p => IsHeldOut(p.Question)).Average(p => p.F1);
        metrics["rag_f1_2001_2021_over_closed_book"] = Ratio(metrics["rag_f1_2001_2021"], metrics["closed_book_f1_2001_2021"]);
        metrics["retrieval_misses"] = chosen.Outcomes[RagOutcome.RetrievalMiss];
        metrics["reading_misses"] = chosen.Outcomes[RagOutcome.ReadingMiss];
        metrics["false_answers"] = chosen.Outcomes[RagOutcome.FalseAnswer];
        return metrics;
    }

    // Questions about the addresses held out of pretraining: only retrieval can answer them.
    private static bool IsHeldOut(EvalQuestion question) => question.Year > CourseCorpus.LastPretrainingYear;

    // A figure over a closed-book figure of 0 is as large as JSON can hold (JSON has no infinity).
    private static double Ratio(double figure, double closedBook) =>
        closedBook > 0 ? figure / closedBook : figure > 0 ? double.MaxValue : 0;

    // Citation accuracy is over the answered questions; a pipeline that answered none has no figure (JSON has no NaN).
    private static void AddCitations(Dictionary<string, double> metrics, string name, RagScores scores)
    {
        if (double.IsFinite(scores.CitationAccuracy))
        {
            metrics[name] = scores.CitationAccuracy;
        }
    }

    private static void Add(Dictionary<string, double> metrics, IReadOnlyDictionary<string, double> more)
    {
        foreach (var (name, value) in more)
        {
            metrics[name] = value;
        }
    }

    // Every chunk embedded into an exact-search collection of its own, and the stored records with their vectors.
    private static async Task<(IChunkRetriever Retriever, List<ChunkRecord> Records)> LoadDenseAsync(
        InProcessVectorStore store, string collectionName, string retrieverName, IReadOnlyList<Chunk> chunks,
        IEmbeddingGenerator<string, Embedding<float>> embedder, CancellationToken cancellationToken)
    {
        var dimensions = (await embedder.GenerateVectorAsync(chunks[0].Text, cancellationToken: cancellationToken)).Length;
        var collection = store.GetCollection<string, ChunkRecord>(collectionName, ChunkRecord.Definition(dimensions, IndexKind.Flat));
        await DenseRetriever.LoadAsync(collection, chunks, embedder, cancellationToken: cancellationToken);
        var records = await collection.GetAsync(chunks.Select(c => c.Id), new RecordRetrievalOptions { IncludeVectors = true }, cancellationToken)
            .ToListAsync(cancellationToken);
        return (new RememberingRetriever(new DenseRetriever(collection, embedder, retrieverName)), records);
    }

    private static HybridRetriever Weighted(IChunkRetriever bm25, IChunkRetriever dense, double bm25Weight) =>
        new([bm25, dense], FusionMethod.WeightedScore, [bm25Weight, 1 - bm25Weight]);

    private static GroundedAnswerer Lexical(IChunkRetriever retriever, double minScore) =>
        GroundedAnswerer.Lexical(retriever, new GroundedAnswerOptions(Sources: 3, MinScore: minScore, MaxSourceWords: 1000));

    private static async Task<double> RecallAsync(IChunkRetriever retriever, IReadOnlyList<EvalQuestion> questions, RelevanceJudgments judgments, CancellationToken cancellationToken) =>
        (await RagEvaluation.RetrievalAsync(retriever, questions, judgments, cancellationToken: cancellationToken)).RecallAtK;

    private static async Task<double> F1Async(GroundedAnswerer answerer, IReadOnlyList<EvalQuestion> questions, RelevanceJudgments judgments, CancellationToken cancellationToken) =>
        (await RagEvaluation.RunAsync(answerer, questions, judgments, cancellationToken)).Average(p => p.F1);

    // The setting with the highest figure; the first of equals.
    private static async Task<double> BestAsync(IEnumerable<double> settings, Func<double, Task<double>> figure)
    {
        var (best, bestFigure) = (double.NaN, double.NegativeInfinity);
        foreach (var setting in settings)
        {
            var value = await figure(setting);
            if (value > bestFigure)
            {
                (best, bestFigure) = (setting, value);
            }
        }
        return best;
    }

    /// <summary>
    /// Another retriever's results, remembered by query and count, so that the recall run, the dev run and the answer
    /// runs of one pipeline pay for each retrieval (and each reranking) once.
    /// </summary>
    private sealed class RememberingRetriever(IChunkRetriever inner) : IChunkRetriever
    {
        private readonly Dictionary<(string Query, int Top), IReadOnlyList<RetrievedChunk>> _remembered = [];

        public string Name => inner.Name;

        public async Task<IReadOnlyList<RetrievedChunk>> RetrieveAsync(string query, int top, CancellationToken cancellationToken = default)
        {
            if (!_remembered.TryGetValue((query, top), out var hits))
            {
                hits = await inner.RetrieveAsync(query, top, cancellationToken);
                _remembered[(query, top)] = hits;
            }
            return hits;
        }
    }

    // Progress on the console: the bench takes many minutes.
    private sealed class Progress
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        public void Report(string step) => Console.WriteLine($"  [{_clock.Elapsed:mm\\:ss}] {step}");
    }
}
