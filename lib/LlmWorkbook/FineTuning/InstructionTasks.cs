namespace LlmWorkbook.FineTuning;

/// <summary>The kinds of instruction example, as the <c>task</c> field of data/instructions names them.</summary>
public static class InstructionTasks
{
    /// <summary>Extractive question answering: the reply is a span copied from the context.</summary>
    public const string Qa = "qa";

    /// <summary>The same question format over a context that does not hold the answer: the reply is <see cref="InstructionData.NotInContext"/>.</summary>
    public const string Unanswerable = "unanswerable";

    /// <summary>The topic of a passage: the reply is one of <see cref="TopicLexicon.Labels"/>.</summary>
    public const string Classify = "classify";

    /// <summary>Fields of a passage as one line of JSON with the keys the request names, in that order.</summary>
    public const string Extract = "extract";

    /// <summary>Conversation about the assistant itself (handwritten only).</summary>
    public const string Chat = "chat";

    /// <summary>
    /// A conversation that offers the course tools (<see cref="Agents.CourseTools"/>): the assistant's calls, the
    /// <c>tool</c> messages with their results, and the reply; or a reply without a call when nothing needs one.
    /// </summary>
    public const string Tool = "tool";

    /// <summary>Every task name, in this order.</summary>
    public static IReadOnlyList<string> All { get; } = [Qa, Unanswerable, Classify, Extract, Chat, Tool];
}
