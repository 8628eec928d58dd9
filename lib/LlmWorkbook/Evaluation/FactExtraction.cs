using System.Text.Json;
using LlmWorkbook.FineTuning;
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
