using System.Text.Json;
using LlmWorkbook.FineTuning;
using LlmWorkbook.Prompting;
using Microsoft.Extensions.AI;

namespace LlmWorkbook.Evaluation;

/// <summary>
/// Extracting <see cref="PassageFacts"/> from an evaluation context: the request in the instruction data's extraction
/// format, the expected fields (what the instruction data's own extractor finds in the passage), and how many of the
/// four fields an answer gets right.
/// </summary>
public static class FactExtraction
{
    /// <summary>The keys asked for: year, president, amounts, countries, in that order (<see cref="ExtractionSchema.All"/>[0]).</summary>
    public static ExtractionSchema Schema { get; } = ExtractionSchema.All[0];

    /// <summary>The request for a context's fields, as the assistant was fine-tuned to read it.</summary>
    public static IList<ChatMessage> Prompt(QaItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return
        [
            new ChatMessage(ChatRole.System, InstructionData.ExtractSystemPrompt),
            new ChatMessage(ChatRole.User, InstructionData.ExtractUserMessage(Schema, item.Question.Year, item.Question.President, item.Context)),
        ];
    }

    /// <summary>The fields the instruction data's extractor finds in the context.</summary>
    public static PassageFacts Expected(QaItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return JsonSerializer.Deserialize<PassageFacts>(Schema.Reply(item.Question.Year, item.Question.President, item.Context))!;
    }

    /// <summary>
    /// Extracts the facts of every context one way: <see cref="StructuredOutputWay.Plain"/> asks once through the prompt
    /// and verifies; <see cref="StructuredOutputWay.Retry"/> feeds each error back, up to <paramref name="maxAttempts"/>
    /// requests (<see cref="StructuredOutput"/>); <see cref="StructuredOutputWay.Constrained"/> asks once with the JSON
    /// schema as the response format, which a client that decodes under a grammar (the course's) or a hosted model's
    /// strict mode makes valid by construction. A request the client refuses (a retry conversation longer than the
    /// context) counts as a failure with the client's message.
    /// </summary>
    public static async Task<List<FactExtractionResult>> RunAsync(
        IChatClient client, IEnumerable<QaItem> items, StructuredOutputWay way, ChatOptions options, int maxAttempts = StructuredOutput.DefaultMaxAttempts,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(options);
        var output = new StructuredOutput(client, way == StructuredOutputWay.Retry ? maxAttempts : 1);
        var asked = options.Clone();
        asked.ResponseFormat = way == StructuredOutputWay.Constrained ? ChatResponseFormat.ForJsonSchema(StructuredOutput.SchemaFor<PassageFacts>(), nameof(PassageFacts)) : ChatResponseFormat.Text;
        var results = new List<FactExtractionResult>();
        foreach (var item in items)
        {
            var expected = Expected(item);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                var result = await output.GetAsync<PassageFacts>(Prompt(item), options: asked, cancellationToken: cancellationToken).ConfigureAwait(false);
                results.Add(new FactExtractionResult(item, expected, result.Value, result.Succeeded, FieldAccuracy(result.Value, expected),
                    result.Attempts.Count, result.Elapsed, result.Attempts[^1].Text, result.Errors.LastOrDefault()));
            }
            catch (ArgumentException e)
            {
                results.Add(new FactExtractionResult(item, expected, null, false, 0, maxAttempts, watch.Elapsed, "", e.Message));
            }
        }
        return results;
    }

    /// <summary>The share of the four fields that equal the expected ones (lists in order); 0 for no answer.</summary>
    public static double FieldAccuracy(PassageFacts? answer, PassageFacts expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        if (answer is null)
        {
            return 0;
        }
        var right = (answer.Year == expected.Year ? 1 : 0)
            + (answer.President == expected.President ? 1 : 0)
            + ((answer.Amounts ?? []).SequenceEqual(expected.Amounts) ? 1 : 0)
            + ((answer.Countries ?? []).SequenceEqual(expected.Countries) ? 1 : 0);
        return right / 4.0;
    }
}
