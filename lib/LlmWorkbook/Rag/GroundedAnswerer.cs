using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using LlmWorkbook.Chat;
using LlmWorkbook.Evaluation;
using LlmWorkbook.FineTuning;
using LlmWorkbook.Tokenization;
using Microsoft.Extensions.AI;

namespace LlmWorkbook.Rag;

/// <summary>
/// Retrieval-augmented answers: retrieve chunks, hand them to a reader numbered [1], [2], ..., and keep the reader's
/// answer with the sources it cites. The reader is a chat model (<see cref="WithChat"/>) or, as the baseline with no
/// model, the best-overlap sentence of the sources (<see cref="Lexical"/>).
/// </summary>
public sealed partial class GroundedAnswerer
{
    /// <summary>The system prompt: the assistant's question-answering prompt, asking for citations too.</summary>
    public const string SystemPrompt = InstructionData.QaSystemPrompt + " Cite the numbered passage you answer from, as [1].";

    private readonly IChunkRetriever _retriever;
    // Reads a question and its sources: the reply, and the sources the reader was actually given.
    private readonly Func<string, IReadOnlyList<RetrievedChunk>, CancellationToken, Task<(string Reply, IReadOnlyList<RetrievedChunk> Read)>> _read;

    private GroundedAnswerer(IChunkRetriever retriever, GroundedAnswerOptions options, string readerName,
        Func<string, IReadOnlyList<RetrievedChunk>, CancellationToken, Task<(string Reply, IReadOnlyList<RetrievedChunk> Read)>> read)
    {
        ArgumentNullException.ThrowIfNull(retriever);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Sources, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxSourceWords, 1, nameof(options));
        (_retriever, Options, Name, _read) = (retriever, options, $"{retriever.Name} → {readerName}", read);
    }

    /// <summary>Where the sources come from.</summary>
    public IChunkRetriever Retriever => _retriever;

    /// <summary>"retriever → reader", for tables.</summary>
    public string Name { get; }

    /// <summary>How it retrieves and reads.</summary>
    public GroundedAnswerOptions Options { get; }

    /// <summary>
    /// Answers read by a chat model from the prompt of <see cref="Prompt"/>. With the course model
    /// (<see cref="CourseChatClient"/>) the prompt is fitted to its window: the last sources are dropped, and then the one
    /// left is cut, until the prompt leaves room for the reply (<see cref="ChatOptions.MaxOutputTokens"/>, 48 when unset).
    /// </summary>
    public static GroundedAnswerer WithChat(IChunkRetriever retriever, IChatClient chat, GroundedAnswerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(chat);
        options ??= new GroundedAnswerOptions();
        var course = chat.GetService<CourseChatClient>();
        var replyTokens = options.Chat?.MaxOutputTokens ?? 48;
        return new GroundedAnswerer(retriever, options, options.CopyFromSources ? "assistant (copying)" : "assistant", async (question, retrieved, cancellationToken) =>
        {
            var sources = course is null ? retrieved : FitToWindow(course, question, retrieved, replyTokens);
            var asked = options.Chat?.Clone() ?? new ChatOptions();
            if (options.CopyFromSources)
            {
                (asked.AdditionalProperties ??= [])[CourseChatClient.CopyFromKey] = string.Join("\n", sources.Select(s => s.Chunk.Text));
            }
            var reply = (await chat.GetResponseAsync(Prompt(question, sources), asked, cancellationToken).ConfigureAwait(false)).Text.Trim();
            return (options.CopyFromSources && !AnswerMetrics.IsAbstention(reply) ? CiteSourceOf(reply, sources) : reply, sources);
        });
    }

    /// <summary>The baseline reader with no model: the source sentence sharing most content words with the question (<see cref="LexicalBaseline"/>), cited.</summary>
    public static GroundedAnswerer Lexical(IChunkRetriever retriever, GroundedAnswerOptions? options = null) =>
        new(retriever, options ?? new GroundedAnswerOptions(), "best sentence", (question, sources, _) =>
        {
            var best = sources
                .Select((s, i) => (Sentence: LexicalBaseline.Answer(s.Chunk.Text, question), Number: i + 1))
                .Select(s => (s.Sentence, s.Number, Shared: LexicalBaseline.ContentWords(s.Sentence).Count(LexicalBaseline.ContentWords(question).Contains)))
                .OrderByDescending(s => s.Shared).ThenBy(s => s.Number).First();
            return Task.FromResult((string.Create(CultureInfo.InvariantCulture, $"{best.Sentence} [{best.Number}]"), sources));
        });

    /// <summary>The messages for a question and its numbered sources, in the format the assistant was fine-tuned on.</summary>
    public static IList<ChatMessage> Prompt(string question, IReadOnlyList<RetrievedChunk> sources)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        ArgumentNullException.ThrowIfNull(sources);
        var context = new StringBuilder();
        for (var i = 0; i < sources.Count; i++)
        {
            context.Append(CultureInfo.InvariantCulture, $"{(i > 0 ? "\n" : "")}[{i + 1}] {sources[i].Chunk.Text}");
        }
        return
        [
            new ChatMessage(ChatRole.System, SystemPrompt),
            new ChatMessage(ChatRole.User, InstructionData.QaUserMessage(context.ToString(), question)),
        ];
    }

    /// <summary>Retrieves, reads, and parses the reply's citations.</summary>
    public async Task<GroundedAnswer> AnswerAsync(string question, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        var retrieved = await _retriever.RetrieveAsync(question, Options.Sources, cancellationToken).ConfigureAwait(false);
        return await AnswerAsync(question, retrieved, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the first <see cref="GroundedAnswerOptions.Sources"/> of chunks already retrieved (best first) by <see cref="Retriever"/>.</summary>
    public async Task<GroundedAnswer> AnswerAsync(string question, IReadOnlyList<RetrievedChunk> retrieved, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        ArgumentNullException.ThrowIfNull(retrieved);
        var sources = WithinWordBudget(retrieved.Take(Options.Sources));
        if (sources.Count == 0 || sources[0].Score < Options.MinScore)
        {
            return new GroundedAnswer(question, "", EvalSet.NotInCorpus, [], sources, NotInCorpus: true);
        }
        var (reply, read) = await _read(question, sources, cancellationToken).ConfigureAwait(false);
        sources = [.. read];
        var answer = Marker().Replace(reply, "").Trim();
        var citations = Marker().Matches(reply).Select(m => int.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture)).Distinct().ToList();
        var abstained = AnswerMetrics.IsAbstention(answer) || answer.Length == 0;
        return new GroundedAnswer(question, reply, abstained ? EvalSet.NotInCorpus : answer, citations, sources, abstained);
    }

    private List<RetrievedChunk> WithinWordBudget(IEnumerable<RetrievedChunk> retrieved)
    {
        var sources = new List<RetrievedChunk>();
        var words = 0;
        foreach (var source in retrieved)
        {
            var count = CourseCorpus.WordCount(source.Chunk.Text);
            if (sources.Count == 0 && count > Options.MaxSourceWords)
            {
                return [FirstWords(source, Options.MaxSourceWords)];
            }
            if (words + count > Options.MaxSourceWords)
            {
                break;
            }
            sources.Add(source);
            words += count;
        }
        return sources;
    }

    private static IReadOnlyList<RetrievedChunk> FitToWindow(CourseChatClient course, string question, IReadOnlyList<RetrievedChunk> sources, int replyTokens)
    {
        var fitted = sources.ToList();
        bool Fits() => course.CountPromptTokens(Prompt(question, fitted)) + replyTokens <= course.ContextLength;
        while (fitted.Count > 1 && !Fits())
        {
            fitted.RemoveAt(fitted.Count - 1);
        }
        while (fitted.Count == 1 && !Fits())
        {
            var words = CourseCorpus.WordCount(fitted[0].Chunk.Text);
            if (words <= 1)
            {
                break; // the question alone is too long: the client says so
            }
            fitted[0] = FirstWords(fitted[0], words * 4 / 5);
        }
        return fitted;
    }

    // The source with only its first words (split as CourseCorpus.WordCount splits them).
    private static RetrievedChunk FirstWords(RetrievedChunk source, int words) =>
        source with { Chunk = source.Chunk with { Text = string.Join(' ', source.Chunk.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Take(words)) } };

    private static string CiteSourceOf(string span, IReadOnlyList<RetrievedChunk> sources)
    {
        var index = sources.ToList().FindIndex(s => s.Chunk.Text.Contains(span, StringComparison.Ordinal));
        return index < 0 ? span : string.Create(CultureInfo.InvariantCulture, $"{span} [{index + 1}]");
    }

    [GeneratedRegex(@"\s*\[(\d{1,3})\]")]
    private static partial Regex Marker();
}
