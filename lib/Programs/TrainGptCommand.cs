using System.Diagnostics;
using System.Globalization;
using LlmWorkbook.Gpt;
using LlmWorkbook.Tokenization;
using static TorchSharp.torch;

namespace LlmWorkbook.Programs;

/// Reproduces the shipped checkpoint:
///   ./workbook train-gpt [--profile full|ci] [--out DIR]
/// It trains the Part I tokenizer on the course corpus, trains the course GPT (CourseGpt.Config, CourseGpt.FullTraining)
/// on the first 90% of the corpus tokens, keeps the weights with the lowest validation loss, and writes
/// DIR/course-gpt.safetensors and DIR/course-gpt.tiktoken (DIR defaults to data/gpt).
internal static class TrainGptCommand
{
    public static int Run(string[] args)
    {
        var profile = "full";
        var output = Path.Combine(WorkbookPaths.Root, "data", "gpt");
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--profile": profile = args[++i]; break;
                case "--out": output = Path.GetFullPath(args[++i]); break;
                default: Console.Error.WriteLine($"train-gpt: unknown argument '{args[i]}'"); return 2;
            }
        }
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var training = profile switch
        {
            "full" => CourseGpt.FullTraining,
            "ci" => CourseGpt.CiTraining,
            _ => throw new ArgumentException($"--profile is '{profile}'; use full or ci"),
        };
        Directory.CreateDirectory(output);
        var watch = Stopwatch.StartNew();

        var tokenizer = CourseGpt.TrainTokenizer();
        var (train, validation) = CourseGpt.Split(CourseGpt.EncodeCorpus(tokenizer));
        Console.WriteLine($"tokenizer: {tokenizer.VocabSize} tokens; corpus: {train.Length} training and {validation.Length} validation tokens");

        var config = CourseGpt.Config(tokenizer.VocabSize);
        using var model = new GptModel(config);
        Console.WriteLine($"model: {config} — {model.ParameterCount:N0} parameters; training: {training}; {get_num_threads()} threads");

        var trainer = new GptTrainer(model, train, validation, training);
        var checkpoint = Path.Combine(output, Path.GetFileName(CourseGpt.CheckpointPath));
        var best = double.PositiveInfinity;
        var bestStep = 0;
        trainer.Train(point =>
        {
            if (point.Step % 10 == 0 || point.ValidationLoss is not null)
            {
                Console.WriteLine($"step {point.Step,5}  loss {point.TrainLoss:F4}  lr {point.LearningRate:E2}" +
                    (point.ValidationLoss is { } v ? $"  val {v:F4}" : "") + $"  {watch.Elapsed:hh\\:mm\\:ss}");
            }
            if (point.ValidationLoss is { } loss && loss < best)
            {
                (best, bestStep) = (loss, point.Step);
                GptCheckpoint.Save(model, checkpoint, new Dictionary<string, string>
                {
                    ["step"] = point.Step.ToString(CultureInfo.InvariantCulture),
                    ["training"] = training.ToString(),
                    ["tokenizer"] = Path.GetFileName(CourseGpt.TokenizerPath),
                });
            }
        });
        TiktokenFile.Write(tokenizer, Path.Combine(output, Path.GetFileName(CourseGpt.TokenizerPath)));

        using var shipped = GptCheckpoint.Load(checkpoint);
        var (perplexity, bigram, alpha) = CourseGpt.Perplexities(shipped, train, validation);
        Console.WriteLine($"kept step {bestStep} (validation loss {best:F4}); wrote {checkpoint} ({new FileInfo(checkpoint).Length / 1e6:F1} MB)");
        Console.WriteLine($"validation perplexity: model {perplexity:F2}, bigram {bigram:F2} (alpha {alpha}); " +
            $"{100 * (1 - perplexity / bigram):F1}% lower; total time {watch.Elapsed:hh\\:mm\\:ss}");
        var sample = GptGenerator.Generate(shipped, tokenizer.Encode("The Congress"), 60, new SamplingOptions(0.8, TopK: 40), seed: 1);
        Console.WriteLine("sample: The Congress" + tokenizer.Decode(sample));
        return 0;
    }
}
