using System.Diagnostics;
using LlmWorkbook.Chat;
using LlmWorkbook.Evaluation;
using LlmWorkbook.FineTuning;
using LlmWorkbook.Gpt;
using LlmWorkbook.Tokenization;
using Microsoft.Extensions.AI;

namespace LlmWorkbook.Bench;

/// <summary>
/// The course assistant on the evaluation set's test split, with the evidence passage given as context
/// (<see cref="QaContexts"/>): reading comprehension against the lexical baseline and closed-book; structured output
/// three ways on the same contexts; and the chat client's streaming speed against the raw generator's on the same
/// prompts, sampling settings and seeds.
/// </summary>
public sealed class AssistantBenchmark : IBenchmark
{
    private const int JsonContexts = 60;
    private const int SpeedPrompts = 24;
    private static readonly ChatOptions Greedy = new() { Temperature = 0, MaxOutputTokens = 48 };
    private static readonly ChatOptions JsonOptions = new() { Temperature = 0.5f, MaxOutputTokens = 96, Seed = 1337 };

    public string Name => "assistant";

    public IReadOnlyDictionary<string, Goal> Goals { get; } = new Dictionary<string, Goal>
    {
        ["qa_f1_over_baseline"] = Goal.AtLeast(0.10),
        ["json_valid_constrained"] = Goal.AtLeast(1.0),
        ["client_vs_raw_tokens_per_s"] = Goal.AtLeast(0.8),
    };

    public async Task<IReadOnlyDictionary<string, double>> RunAsync(CancellationToken cancellationToken)
    {
        var metrics = new Dictionary<string, double>();
        var tokenizer = CourseGpt.LoadTokenizer(WorkbookPaths.CommittedData(CourseGpt.TokenizerPath));
        using var model = GptCheckpoint.Load(WorkbookPaths.CommittedData(CourseAssistant.CheckpointPath));
        using var client = new CourseChatClient(model, tokenizer);
        var items = QaContexts.For(EvalSet.Test());
        metrics["questions"] = items.Count;

        var qa = QaScores.Of(await QaEvaluation.RunAsync(client, items, Greedy, cancellationToken: cancellationToken));
        var baseline = QaScores.Of(QaEvaluation.Baseline(items));
        var closedBook = QaScores.Of(await QaEvaluation.RunAsync(client, items, Greedy, QaEvaluation.ClosedBookPrompt, cancellationToken: cancellationToken));
        metrics["qa_f1"] = qa.F1;
        metrics["qa_exact"] = qa.Exact;
        metrics["qa_answerable_f1"] = qa.AnswerableF1;
        metrics["abstain_accuracy"] = qa.AbstainAccuracy;
        metrics["baseline_f1"] = baseline.F1;
        metrics["baseline_exact"] = baseline.Exact;
        metrics["baseline_answerable_f1"] = baseline.AnswerableF1;
        metrics["qa_f1_over_baseline"] = qa.F1 - baseline.F1;
        metrics["closed_book_f1"] = closedBook.F1;
        metrics["closed_book_answerable_f1"] = closedBook.AnswerableF1;

        var jsonItems = items.Take(JsonContexts).ToList();
        metrics["json_contexts"] = jsonItems.Count;
        foreach (var way in Enum.GetValues<StructuredOutputWay>())
        {
            var results = await FactExtraction.RunAsync(client, jsonItems, way, JsonOptions, cancellationToken: cancellationToken);
            var name = way.ToString().ToLowerInvariant();
            metrics[$"json_valid_{name}"] = results.Average(r => r.Valid ? 1.0 : 0.0);
            metrics[$"json_fields_{name}"] = results.Average(r => r.FieldAccuracy);
            metrics[$"json_ms_{name}"] = results.Average(r => r.Elapsed.TotalMilliseconds);
            metrics[$"json_attempts_{name}"] = results.Average(r => r.Attempts);
        }

        var (clientRate, rawRate, firstTokenMs) = await StreamingSpeed(client, model, new ChatTemplate(tokenizer), items.Take(SpeedPrompts).ToList(), cancellationToken);
        metrics["client_tokens_per_s"] = clientRate;
        metrics["raw_tokens_per_s"] = rawRate;
        metrics["client_vs_raw_tokens_per_s"] = clientRate / rawRate;
        metrics["first_token_ms"] = firstTokenMs;
        return metrics;
    }

    // Each prompt is streamed through the client, then the raw generator produces the same number of tokens from the
    // same prompt tokens with the same sampling and seed, alternately, so both see the same machine conditions.
    private static async Task<(double Client, double Raw, double FirstTokenMs)> StreamingSpeed(
        CourseChatClient client, GptModel model, ChatTemplate template, List<QaItem> items, CancellationToken cancellationToken)
    {
        var options = new ChatOptions { Temperature = 0.7f, MaxOutputTokens = 128, Seed = 1337 };
        var sampling = new SamplingOptions(0.7);
        await client.GetResponseAsync(QaEvaluation.InstructionPrompt(items[0]), options, cancellationToken); // warm-up
        long clientTokens = 0, rawTokens = 0;
        double clientSeconds = 0, rawSeconds = 0, firstToken = 0;
        foreach (var item in items)
        {
            var messages = QaEvaluation.ClosedBookPrompt(item);
            var watch = Stopwatch.StartNew();
            double? first = null;
            long produced = 0;
            await foreach (var update in client.GetStreamingResponseAsync(messages, options, cancellationToken))
            {
                first ??= watch.Elapsed.TotalMilliseconds;
                produced = update.Contents.OfType<UsageContent>().FirstOrDefault()?.Details.OutputTokenCount ?? produced;
            }
            clientSeconds += watch.Elapsed.TotalSeconds;
            clientTokens += produced;
            firstToken += first ?? 0;

            var prompt = template.Encode(messages);
            watch.Restart();
            rawTokens += GptGenerator.StreamTokens(model, prompt, sampling, seed: 1337).Take((int)produced).Count();
            rawSeconds += watch.Elapsed.TotalSeconds;
        }
        return (clientTokens / clientSeconds, rawTokens / rawSeconds, firstToken / items.Count);
    }
}
