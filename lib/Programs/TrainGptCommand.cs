using System.Diagnostics;
using System.Globalization;
using LlmWorkbook.Gpt;
using LlmWorkbook.Tokenization;
using static TorchSharp.torch;

namespace LlmWorkbook.Programs;

/// Reproduces the shipped base model:
///   ./workbook train gpt [--profile full|ci] [--out DIR]
/// It trains the Part I tokenizer on the training addresses of 1790–2000 (CourseCorpus.Pretraining), trains the course
/// GPT (CourseGpt.Config, CourseGpt.FullTraining) on them, keeps the weights with the lowest validation loss, stops
/// once validation loss has not improved for PatienceEvaluations evaluations, and writes into DIR (default data/gpt):
/// the checkpoint (BF16), the tokenizer, the loss curve as CSV and this program's log.
internal static class TrainGptCommand
{
    private const int PatienceEvaluations = 3;

    public static int Run(string[] args)
    {
        using var run = TrainingRun.Start("train gpt", args, Path.Combine(WorkbookPaths.Root, "data", "gpt"),
            CourseGpt.FullTraining, CourseGpt.CiTraining, Path.GetFileName(CourseGpt.TrainingLogPath));
        if (run is null)
        {
            return 2;
        }
        var (output, profile, training) = (run.Output, run.Profile, run.Training);
        var checkpoint = Path.Combine(output, Path.GetFileName(CourseGpt.CheckpointPath));
        var watch = Stopwatch.StartNew();
        run.Log($"train-gpt --profile {profile}; TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version}; {get_num_threads()} threads");

        var split = CourseCorpus.Pretraining();
        var tokenizer = CourseGpt.TrainTokenizer();
        var train = CourseGpt.Encode(tokenizer, split.Train);
        var validation = CourseGpt.Encode(tokenizer, split.Validation);
        var unseen = CourseGpt.Encode(tokenizer, split.Unseen);
        run.Log($"tokenizer: {tokenizer.VocabSize} tokens, trained in {watch.Elapsed:hh\\:mm\\:ss}");
        run.Log($"addresses: {split.Train.Count} training ({train.Length:N0} tokens), {split.Validation.Count} validation " +
            $"({validation.Length:N0} tokens: {string.Join(", ", split.Validation.Select(a => a.Year))}), " +
            $"{split.Unseen.Count} unseen after {CourseCorpus.LastPretrainingYear} ({unseen.Length:N0} tokens)");

        var config = CourseGpt.Config(tokenizer.VocabSize);
        using var model = new GptModel(config);
        run.Log($"model: {config}; {model.ParameterCount:N0} parameters");
        run.Log($"training: {training}; early stop after {PatienceEvaluations} evaluations without improvement");

        var trainer = new GptTrainer(model, train, validation, training);
        using var stop = new CancellationTokenSource();
        var best = double.PositiveInfinity;
        var bestStep = 0;
        var curve = new List<string> { LossCurveFile.Header };
        trainer.Train(point =>
        {
            curve.Add(LossCurveFile.Row(point, watch.Elapsed.TotalSeconds));
            if (point.Step % 50 == 0 || point.ValidationLoss is not null)
            {
                run.Log($"step {point.Step,5}  loss {point.TrainLoss:F4}  lr {point.LearningRate:E2}" +
                    (point.ValidationLoss is { } v ? $"  val {v:F4}" : "") + $"  {watch.Elapsed:hh\\:mm\\:ss}");
            }
            if (point.ValidationLoss is not { } loss)
            {
                return;
            }
            if (loss < best)
            {
                (best, bestStep) = (loss, point.Step);
                GptCheckpoint.Save(model, checkpoint, new Dictionary<string, string>
                {
                    ["step"] = point.Step.ToString(CultureInfo.InvariantCulture),
                    ["training"] = training.ToString(),
                    ["tokenizer"] = Path.GetFileName(CourseGpt.TokenizerPath),
                }, ScalarType.BFloat16);
            }
            else if (point.Step - bestStep >= PatienceEvaluations * training.EvalInterval)
            {
                run.Log($"validation loss has not improved since step {bestStep}; stopping");
                stop.Cancel();
            }
        }, stop.Token);
        TiktokenFile.Write(tokenizer, Path.Combine(output, Path.GetFileName(CourseGpt.TokenizerPath)));
        File.WriteAllLines(Path.Combine(output, Path.GetFileName(CourseGpt.LossCurvePath)), curve);
        run.Log($"kept step {bestStep} (validation loss {best:F4} on {training.EvalBatches} batches); " +
            $"wrote {Path.GetFileName(checkpoint)} ({new FileInfo(checkpoint).Length / 1e6:F1} MB); training took {watch.Elapsed:hh\\:mm\\:ss}");

        using var shipped = GptCheckpoint.Load(checkpoint);
        foreach (var (name, tokens) in new[] { ("validation 1790-2000", validation), ("unseen 2001-2021", unseen) })
        {
            var (perplexity, bigram, alpha) = CourseGpt.Perplexities(shipped, train, validation, tokens);
            run.Log($"{name} perplexity: model {perplexity:F2}, bigram {bigram:F2} (alpha {alpha}); ratio {perplexity / bigram:F3}");
        }
        var prompt = "The Congress";
        var greedy = GptGenerator.Generate(shipped, tokenizer.Encode(prompt), 40, SamplingOptions.Greedy, seed: 1);
        run.Log("greedy: " + prompt + tokenizer.Decode(greedy));
        var sample = GptGenerator.Generate(shipped, tokenizer.Encode(prompt), 60, new SamplingOptions(0.8, TopK: 40), seed: 1);
        run.Log("sample: " + prompt + tokenizer.Decode(sample));
        run.Log($"total time {watch.Elapsed:hh\\:mm\\:ss}");
        return 0;
    }
}
