using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using LlmWorkbook.Data;

namespace LlmWorkbook.FineTuning;

/// <summary>
/// The course assistant's instruction data (data/instructions, described in its README): the fixed system prompts and
/// user-message layouts every example uses, and the JSON Lines files that hold the handwritten and generated examples.
/// </summary>
public static class InstructionData
{
    /// <summary>The whole reply when the context does not hold the answer.</summary>
    public const string NotInContext = "The context does not say.";

    /// <summary>The file of examples written by hand, relative to data/.</summary>
    public const string HandwrittenPath = "instructions/handwritten.jsonl";

    /// <summary>The file <see cref="InstructionGenerator"/> writes, relative to data/.</summary>
    public const string GeneratedPath = "instructions/generated.jsonl";

    /// <summary>
    /// The system prompt of question answering, shared by <c>qa</c> and <c>unanswerable</c> examples so that only the
    /// context tells the two apart.
    /// </summary>
    public const string QaSystemPrompt =
        "Answer from the context only, with the exact words of the context that answer the question. " +
        "If the context does not hold the answer, reply: " + NotInContext;

    /// <summary>The system prompt of topic classification; it lists every label of <see cref="TopicLexicon.Labels"/>.</summary>
    public static string ClassifySystemPrompt { get; } =
        "Name the main topic of the passage with one label from: " + string.Join(", ", TopicLexicon.Labels) + ".";

    /// <summary>The system prompt of JSON extraction; the user message names the keys.</summary>
    public const string ExtractSystemPrompt =
        "Reply with one line of JSON with exactly the keys the user names, in that order. " +
        "Copy values as the passage writes them; use [] for an empty list.";

    /// <summary>The system prompt of conversation about the assistant itself.</summary>
    public const string ChatSystemPrompt =
        "You are the course assistant of the LLM Workbook, a small language model. Answer briefly and honestly.";

    /// <summary>The system prompt of a task (<c>qa</c> and <c>unanswerable</c> share one; <c>tool</c>'s lists the course tools).</summary>
    public static string? SystemPrompt(string task) => task switch
    {
        InstructionTasks.Qa or InstructionTasks.Unanswerable => QaSystemPrompt,
        InstructionTasks.Classify => ClassifySystemPrompt,
        InstructionTasks.Extract => ExtractSystemPrompt,
        InstructionTasks.Chat => ChatSystemPrompt,
        InstructionTasks.Tool => ToolExamples.SystemMessage,
        _ => null,
    };

    /// <summary>The user message of a question about a context.</summary>
    public static string QaUserMessage(string context, string question)
    {
        ArgumentException.ThrowIfNullOrEmpty(context);
        ArgumentException.ThrowIfNullOrEmpty(question);
        return $"Context:\n{context}\n\nQuestion: {question}";
    }

    /// <summary>The user message of a classification request.</summary>
    public static string ClassifyUserMessage(string passage)
    {
        ArgumentException.ThrowIfNullOrEmpty(passage);
        return $"Passage:\n{passage}\n\nWhat is the topic of this passage?";
    }

    /// <summary>The user message of an extraction request: the keys (<see cref="ExtractionSchema.Describe"/>), the address, the passage.</summary>
    public static string ExtractUserMessage(ExtractionSchema schema, int year, string president, string passage)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentException.ThrowIfNullOrEmpty(president);
        ArgumentException.ThrowIfNullOrEmpty(passage);
        return $"Keys: {schema.Describe()}\n\nPassage from the {year} address of {president}:\n{passage}";
    }

    /// <summary>A three-message example: the task's system prompt, the user message, the reply.</summary>
    public static InstructionExample Example(string id, string task, string user, string reply)
    {
        var system = SystemPrompt(task) ?? throw new ArgumentException($"task '{task}' has no fixed system prompt", nameof(task));
        return new InstructionExample(id, task, [new("system", system), new("user", user), new("assistant", reply)]);
    }

    /// <summary>The examples of data/instructions/handwritten.jsonl.</summary>
    public static IReadOnlyList<InstructionExample> Handwritten() => Load(WorkbookPaths.CommittedData(HandwrittenPath));

    /// <summary>The examples of data/instructions/generated.jsonl.</summary>
    public static IReadOnlyList<InstructionExample> Generated() => Load(WorkbookPaths.CommittedData(GeneratedPath));

    private static readonly string[] Roles = ["system", "user", "assistant", "tool"];

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Reads a JSON Lines file of examples. A line that is not an example — bad JSON, an unknown task or role, an empty
    /// message, a system message after the first, no user message, a last message not the assistant's, a repeated
    /// id — names the file and line.
    /// </summary>
    public static IReadOnlyList<InstructionExample> Load(string path)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        return JsonLines.Read<InstructionExample>(path, Json, example =>
            Problem(example) ?? (ids.Add(example!.Id) ? null : $"the id '{example.Id}' is used by an earlier line"));
    }

    /// <summary>One example as one line of JSON (no line break), as <see cref="Write"/> writes it.</summary>
    public static string ToJsonLine(InstructionExample example)
    {
        ArgumentNullException.ThrowIfNull(example);
        return JsonSerializer.Serialize(example, Json);
    }

    /// <summary>Writes examples as JSON Lines, UTF-8 without a byte-order mark, each line ending in "\n".</summary>
    public static void Write(string path, IEnumerable<InstructionExample> examples)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(examples);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n" };
        foreach (var example in examples)
        {
            writer.WriteLine(ToJsonLine(example));
        }
    }

    private static string? Problem(InstructionExample? example)
    {
        if (example is null || string.IsNullOrEmpty(example.Id) || example.Messages is null)
        {
            return "needs an id, a task and messages";
        }
        if (!InstructionTasks.All.Contains(example.Task))
        {
            return $"the task '{example.Task}' is not one of {string.Join(", ", InstructionTasks.All)}";
        }
        var messages = example.Messages;
        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i] is not { Role: { } role, Content.Length: > 0 } || !Roles.Contains(role))
            {
                return $"message {i + 1} needs a role ({string.Join(", ", Roles)}) and some content";
            }
            if (role == "system" && i > 0)
            {
                return $"message {i + 1} is a system message; only the first may be";
            }
        }
        if (!messages.Any(m => m.Role == "user") || messages[^1].Role != "assistant")
        {
            return "needs a user message and must end with the assistant's reply";
        }
        return null;
    }
}
