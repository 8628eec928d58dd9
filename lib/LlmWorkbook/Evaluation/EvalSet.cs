using System.Text.Json;
using LlmWorkbook.Data;

namespace LlmWorkbook.Evaluation;

/// <summary>
/// The questions every later chapter is scored on, written for the course by reading the State of the Union
/// addresses (data/eval, described in its README): a dev split to tune prompts and settings on, and a test split to
/// report.
/// </summary>
public static class EvalSet
{
    /// <summary>The answer of a question the corpus does not answer.</summary>
    public const string NotInCorpus = "not in the corpus";

    /// <summary>The categories a question may have.</summary>
    public static IReadOnlyList<string> Categories { get; } = ["fact", "number", "date", "person", "policy"];

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The questions of data/eval/dev.jsonl.</summary>
    public static IReadOnlyList<EvalQuestion> Dev() => Load(WorkbookPaths.CommittedData("eval/dev.jsonl"));

    /// <summary>The questions of data/eval/test.jsonl.</summary>
    public static IReadOnlyList<EvalQuestion> Test() => Load(WorkbookPaths.CommittedData("eval/test.jsonl"));

    /// <summary>Reads a JSON Lines file of questions; a line that is not one names the file and line.</summary>
    public static IReadOnlyList<EvalQuestion> Load(string path) =>
        JsonLines.Read<EvalQuestion>(path, Json, question =>
            question is null || string.IsNullOrEmpty(question.Id) || string.IsNullOrEmpty(question.Question) || string.IsNullOrEmpty(question.Answer)
            || !Categories.Contains(question.Category) || question.Answerable == (question.Answer == NotInCorpus)
                ? $"needs an id, a question, a category ({string.Join(", ", Categories)}), and either an answer with its evidence or the answer '{NotInCorpus}' without evidence"
                : null);
}
