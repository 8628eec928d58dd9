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
        var profile = "full";
        var output = Path.Combine(WorkbookPaths.Root, "data", Path.GetDirectoryName(CourseAssistant.CheckpointPath)!);
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--profile" when i + 1 < args.Length: profile = args[++i]; break;
                case "--out" when i + 1 < args.Length: output = Path.GetFullPath(args[++i]); break;
                default: Console.Error.WriteLine($"train assistant: unknown or incomplete argument '{args[i]}'"); return 2;
            }
        }
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        TrainingConfig training;
        switch (profile)
        {
            case "full": training = CourseAssistant.FullTraining; break;
            case "ci": training = CourseAssistant.CiTraining; break;
            default: Console.Error.WriteLine($"train assistant: --profile is '{profile}'; use full or ci"); return 2;
        }
        Directory.CreateDirectory(output);
        var checkpoint = Path.Combine(output, Path.GetFileName(CourseAssistant.CheckpointPath));
        using var log = new StreamWriter(Path.Combine(output, Path.GetFileName(CourseAssistant.TrainingLogPath)));
        void Log(string line)
        {
            Console.WriteLine(line);
            log.WriteLine(line);
            log.Flush();
        }
        var watch = Stopwatch.StartNew();
        Log($"train assistant --profile {profile}; TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version}; {get_num_threads()} threads");

        var tokenizer = CourseGpt.LoadTokenizer(WorkbookPaths.CommittedData(CourseGpt.TokenizerPath));
        using var model = GptCheckpoint.Load(WorkbookPaths.CommittedData(CourseGpt.CheckpointPath));
        var encoder = new SftEncoder(tokenizer);
        var (trainExamples, validationExamples) = CourseAssistant.TrainingData();
        var train = CourseAssistant.Pack(encoder, trainExamples, model.Config.ContextLength, training.Seed);
        var validation = CourseAssistant.Pack(encoder, validationExamples, model.Config.ContextLength, training.Seed);
        Log($"base model: {CourseGpt.CheckpointPath}, {model.ParameterCount:N0} parameters");
        Log($"conversations: {trainExamples.Count:N0} training ({string.Join(", ", trainExamples.GroupBy(e => e.Task).Select(g => $"{g.Key} {g.Count():N0}"))}), " +
            $"{validationExamples.Count:N0} validation");
        Log($"training rows: {train}");
        Log($"validation rows: {validation}");
        Log($"training: {training}; {training.Steps * training.BatchSize / (double)train.RowCount:F2} epochs");

        using var trainer = new SftTrainer(model, train, validation, training);
        Log($"validation loss before fine-tuning: {SftTrainer.EvaluateLoss(model, validation, training.BatchSize, training.EvalBatches):F4}");
        var curve = new List<string> { LossCurveFile.Header };
        trainer.Train(point =>
        {
            curve.Add(LossCurveFile.Row(point, watch.Elapsed.TotalSeconds));
            if (point.Step % 50 == 0 || point.ValidationLoss is not null)
            {
                Log($"step {point.Step,5}  loss {point.TrainLoss:F4}  lr {point.LearningRate:E2}" +
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
        Log($"kept step {trainer.BestStep} (validation loss {trainer.BestValidationLoss:F4} on {training.EvalBatches} batches); " +
            $"wrote {Path.GetFileName(checkpoint)} ({new FileInfo(checkpoint).Length / 1e6:F1} MB); training took {watch.Elapsed:hh\\:mm\\:ss}");
        return 0;
    }
}
