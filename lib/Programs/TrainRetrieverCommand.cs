using System.Diagnostics;
using System.Globalization;
using LlmWorkbook.Embeddings;
using LlmWorkbook.Evaluation;
using LlmWorkbook.Gpt;
using LlmWorkbook.Rag;
using LlmWorkbook.Tokenization;
using static TorchSharp.torch;

namespace LlmWorkbook.Programs;

/// Reproduces the shipped retriever:
///   ./workbook train retriever [--profile full|ci] [--out DIR]
/// It makes the training pairs from the training addresses (CourseRetriever.TrainingPairs), trains the bi-encoder
/// contrastively (RetrieverTrainer) from the course GPT's token embeddings, and keeps the weights that put the most
/// held-out questions' chunks in their top 5 among all chunks of the training addresses (the in-batch validation loss
/// rises long before that stops improving); it writes into DIR (default data/retriever): the weights (BF16), the loss curve as CSV
/// and this program's log. It ends by measuring recall@5 and MRR on the dev split's answerable questions over every
/// chunk of the corpus, for BM25, the course word vectors mean-pooled, and the kept weights.
internal static class TrainRetrieverCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        using var run = TrainingRun.Start("train retriever", args, Path.Combine(WorkbookPaths.Root, "data", Path.GetDirectoryName(CourseRetriever.CheckpointPath)!),
            CourseRetriever.FullTraining.Training, CourseRetriever.CiTraining.Training, Path.GetFileName(CourseRetriever.TrainingLogPath));
        if (run is null)
        {
            return 2;
        }
        var (output, profile) = (run.Output, run.Profile);
        var config = profile == "full" ? CourseRetriever.FullTraining : CourseRetriever.CiTraining;
        var checkpoint = Path.Combine(output, Path.GetFileName(CourseRetriever.CheckpointPath));
        var watch = Stopwatch.StartNew();
        run.Log($"train retriever --profile {profile}; TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version}; {get_num_threads()} threads");

        var tokenizer = CourseGpt.LoadTokenizer(WorkbookPaths.CommittedData(CourseGpt.TokenizerPath));
        var (train, validation) = CourseRetriever.TrainingPairs(config.Pairs);
        run.Log($"pairs: {config.Pairs}");
        run.Log($"  {train.Count:N0} training ({string.Join(", ", train.GroupBy(p => p.Kind).Select(g => $"{g.Key} {g.Count():N0}"))}) " +
            $"from {train.Select(p => p.ChunkId).Distinct().Count():N0} chunks; {validation.Count:N0} validation from " +
            $"{validation.Select(p => p.ChunkId).Distinct().Count():N0} chunks; {watch.Elapsed.TotalSeconds:F1} s");
        using var model = CourseRetriever.CreateModel(config);
        run.Log($"model: {config.Model}, {model.ParameterCount:N0} parameters, " + (config.FromCourseGpt ? $"from {CourseGpt.CheckpointPath}" : "from random weights"));
        run.Log($"training: {config.Training}; temperature {config.Temperature}");

        var trainer = new RetrieverTrainer(model, tokenizer, train, validation, config.Training, config.Temperature);
        var trainingAddresses = CourseCorpus.Pretraining().Train.Select(a => (a.Year, a.President)).ToHashSet();
        var candidates = CourseRetriever.Chunks().Where(c => trainingAddresses.Contains((c.Year, c.President))).ToList();
        var generator = new RetrieverEmbeddingGenerator(model, tokenizer);
        var heldOutQuestions = validation.Where(p => p.Kind == RetrievalPairKind.Question).ToList();
        double HitRate() => RetrievalEvaluation.PairHitRate(generator, candidates, heldOutQuestions, 5).GetAwaiter().GetResult();
        var best = HitRate();
        var bestStep = 0;
        run.Log($"before training: validation loss {trainer.ValidationLoss():F4}, held-out questions ({heldOutQuestions.Count}) whose chunk is in the top 5 of {candidates.Count:N0} {best:P1}");
        SaveKept(model, checkpoint, config, 0);
        var curve = new List<string> { LossCurveFile.Header };
        trainer.Train(point =>
        {
            curve.Add(LossCurveFile.Row(point, watch.Elapsed.TotalSeconds));
            var hitRate = point.ValidationLoss is null ? (double?)null : HitRate();
            if (point.Step % 100 == 0 || hitRate is not null)
            {
                run.Log($"step {point.Step,5}  loss {point.TrainLoss:F4}  lr {point.LearningRate:E2}" +
                    (point.ValidationLoss is { } v ? $"  val {v:F4}  top-5 {hitRate:P1}" : "") + $"  epoch {trainer.Epoch}  {watch.Elapsed:hh\\:mm\\:ss}");
            }
            if (hitRate > best)
            {
                (best, bestStep) = (hitRate.Value, point.Step);
                SaveKept(model, checkpoint, config, point.Step);
            }
        });
        File.WriteAllLines(Path.Combine(output, Path.GetFileName(CourseRetriever.LossCurvePath)), curve);
        run.Log($"kept step {bestStep} (held-out questions' chunks in the top 5: {best:P1}); wrote {Path.GetFileName(checkpoint)} ({new FileInfo(checkpoint).Length / 1e6:F1} MB); " +
            $"training took {watch.Elapsed:hh\\:mm\\:ss}");

        var chunks = CourseRetriever.Chunks();
        var dev = EvalSet.Dev().Where(q => q.Answerable).ToList();
        var judgments = new RelevanceJudgments(chunks);
        run.Log($"dev retrieval: {dev.Count} answerable questions over {chunks.Count:N0} chunks ({CourseRetriever.ChunkWords} words, " +
            $"{CourseRetriever.OverlapSentences} sentences overlap) of all {CourseCorpus.LoadAllAddresses().Count} addresses");
        void Report(string name, IReadOnlyList<IReadOnlyList<string>> rankings)
        {
            var (recall, mrr) = RetrievalEvaluation.Score(dev, judgments, rankings);
            run.Log(string.Create(CultureInfo.InvariantCulture, $"  {name,-28} recall@5 {recall:F3}  MRR {mrr:F3}"));
        }
        Report("bm25", RetrievalEvaluation.Bm25Rankings(chunks, dev));
        var words = SkipGramTrainer.Train(CourseWordEmbeddings.CorpusWords(), CourseWordEmbeddings.FullConfig).Embeddings;
        Report($"word vectors mean-pooled", await RetrievalEvaluation.DenseRankings(new MeanPoolingEmbeddingGenerator(words), chunks, dev));
        using var kept = BiEncoder.Load(checkpoint);
        var embedWatch = Stopwatch.StartNew();
        Report($"retriever ({profile}, step {bestStep})", await RetrievalEvaluation.DenseRankings(new RetrieverEmbeddingGenerator(kept, tokenizer), chunks, dev));
        run.Log($"  (the retriever embedded the chunks and questions and ranked them in {embedWatch.Elapsed.TotalSeconds:F1} s)");
        return 0;
    }

    private static void SaveKept(BiEncoder model, string path, RetrieverTrainingConfig config, int step) =>
        model.Save(path, new Dictionary<string, string>
        {
            ["step"] = step.ToString(CultureInfo.InvariantCulture),
            ["training"] = config.Training.ToString(),
            ["pairs"] = config.Pairs.ToString(),
            ["temperature"] = config.Temperature.ToString(CultureInfo.InvariantCulture),
            ["initialized_from"] = config.FromCourseGpt ? CourseGpt.CheckpointPath : "random",
            ["tokenizer"] = CourseGpt.TokenizerPath,
        }, ScalarType.BFloat16);
}
