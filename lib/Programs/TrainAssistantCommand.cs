using System.Diagnostics;
using System.Globalization;
using LlmWorkbook.FineTuning;
using LlmWorkbook.Gpt;
using static TorchSharp.torch;

namespace LlmWorkbook.Programs;

/// Reproduces the shipped course assistant:
///   ./workbook train assistant [--profile full|ci] [--out DIR]
/// It fine-tunes the shipped base model (data/gpt) on the instruction data (CourseAssistant.TrainingData) with
/// SftTrainer and CourseAssistant.FullTraining, saves the weights whenever the validation loss is the lowest so far,
/// and writes into DIR (default data/assistant): the checkpoint (BF16), the loss curve as CSV and this program's log.
internal static class TrainAssistantCommand
{
    public static int Run(string[] args)
    {
        using var run = TrainingRun.Start("train assistant", args, Path.Combine(WorkbookPaths.Root, "data", Path.GetDirectoryName(CourseAssistant.CheckpointPath)!),
            CourseAssistant.FullTraining, CourseAssistant.CiTraining, Path.GetFileName(CourseAssistant.TrainingLogPath));
        if (run is null)
        {
            return 2;
        }
        var (output, profile, training) = (run.Output, run.Profile, run.Training);
        var checkpoint = Path.Combine(output, Path.GetFileName(CourseAssistant.CheckpointPath));
        var watch = Stopwatch.StartNew();
        run.Log($"train assistant --profile {profile}; TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version}; {get_num_threads()} threads");

        var tokenizer = CourseGpt.LoadTokenizer(WorkbookPaths.CommittedData(CourseGpt.TokenizerPath));
        using var model = GptCheckpoint.Load(WorkbookPaths.CommittedData(CourseGpt.CheckpointPath));
        var encoder = new SftEncoder(tokenizer);
        var (trainExamples, validationExamples) = CourseAssistant.TrainingData();
        var train = CourseAssistant.Pack(encoder, trainExamples, model.Config.ContextLength, training.Seed);
        var validation = CourseAssistant.Pack(encoder, validationExamples, model.Config.ContextLength, training.Seed);
        run.Log($"base model: {CourseGpt.CheckpointPath}, {model.ParameterCount:N0} parameters");
        run.Log($"conversations: {trainExamples.Count:N0} training ({string.Join(", ", trainExamples.GroupBy(e => e.Task).Select(g => $"{g.Key} {g.Count():N0}"))}), " +
            $"{validationExamples.Count:N0} validation");
        run.Log($"training rows: {train}");
        run.Log($"validation rows: {validation}");
        run.Log($"training: {training}; {training.Steps * training.BatchSize / (double)train.RowCount:F2} epochs");

        using var trainer = new SftTrainer(model, train, validation, training);
        run.Log($"validation loss before fine-tuning: {SftTrainer.EvaluateLoss(model, validation, training.BatchSize, training.EvalBatches):F4}");
        var curve = new List<string> { LossCurveFile.Header };
        trainer.Train(point =>
        {
            curve.Add(LossCurveFile.Row(point, watch.Elapsed.TotalSeconds));
            if (point.Step % 50 == 0 || point.ValidationLoss is not null)
            {
                run.Log($"step {point.Step,5}  loss {point.TrainLoss:F4}  lr {point.LearningRate:E2}" +
                    (point.ValidationLoss is { } v ? $"  val {v:F4}" : "") + $"  {watch.Elapsed:hh\\:mm\\:ss}");
            }
            if (point.ValidationLoss is not null && trainer.BestStep == point.Step)
            {
                GptCheckpoint.Save(model, checkpoint, new Dictionary<string, string>
                {
                    ["step"] = point.Step.ToString(CultureInfo.InvariantCulture),
                    ["training"] = training.ToString(),
                    ["base_model"] = CourseGpt.CheckpointPath,
                    ["tokenizer"] = CourseGpt.TokenizerPath,
                }, ScalarType.BFloat16);
            }
        });
        File.WriteAllLines(Path.Combine(output, Path.GetFileName(CourseAssistant.LossCurvePath)), curve);
        run.Log($"kept step {trainer.BestStep} (validation loss {trainer.BestValidationLoss:F4} on {training.EvalBatches} batches); " +
            $"wrote {Path.GetFileName(checkpoint)} ({new FileInfo(checkpoint).Length / 1e6:F1} MB); training took {watch.Elapsed:hh\\:mm\\:ss}");
        return 0;
    }
}
