using System.Globalization;
using LlmWorkbook.Agents;
using LlmWorkbook.Chat;
using LlmWorkbook.Tokenization;

namespace LlmWorkbook.FineTuning;

/// <summary>
/// The <c>tool</c> examples of the generated instruction data: conversations that offer <see cref="CourseTools.All"/>
/// in the chat format of <see cref="ToolCallFormat"/>, in which the assistant calls a tool, reads its result (a
/// <c>tool</c> message) and answers. Six kinds, in a fixed rotation of twenty:
/// <list type="bullet">
/// <item><c>calculator</c> (5): sums, differences, products, exact quotients, percentages, years between two addresses.</item>
/// <item><c>get_address</c> (4): who gave a year's address, the president's party, its length in words.</item>
/// <item><c>search_addresses</c> (5): a question about the corpus without a context; the search returns the passage
/// that answers it and one from another address, in random order; the reply is the answer span.</item>
/// <item><c>clock</c> (1): the year, the date or the weekday.</item>
/// <item><c>clock</c> then <c>calculator</c> (2): how many years ago a year's address was given.</item>
/// <item>no call (3): a question with its context in the message, answered directly, so that offered tools are not
/// called when nothing needs them.</item>
/// </list>
/// </summary>
internal static class ToolExamples
{
    private const int RotationLength = 20;
    private const int MinHitWords = 20;
    private const int MaxHitWords = 50;
    private const string QuestionPrefix = "According to the passage, ";

    private enum Kind { Calculator, Address, Search, Clock, YearsAgo, Direct }

    private static readonly Kind[] Rotation =
    [
        Kind.Calculator, Kind.Address, Kind.Search, Kind.Direct, Kind.Calculator, Kind.Search, Kind.Address, Kind.YearsAgo,
        Kind.Calculator, Kind.Search, Kind.Address, Kind.Clock, Kind.Calculator, Kind.Search, Kind.Direct, Kind.Address,
        Kind.Calculator, Kind.Search, Kind.YearsAgo, Kind.Direct,
    ];

    /// <summary>The system message of every tool example: <see cref="CourseTools.SystemPrompt"/> and the tool list.</summary>
    public static string SystemMessage { get; } = ToolCallFormat.AppendTools(CourseTools.SystemPrompt, CourseTools.All);

    /// <param name="source">The quotable sentences of the training addresses.</param>
    /// <param name="questions">Sentences with the questions <see cref="QuestionWriter"/> made of them.</param>
    /// <param name="yearCounts">How many addresses of the whole corpus each year has: only years with one are asked about.</param>
    /// <param name="count">How many examples to make (fewer if too many candidates do not fit).</param>
    /// <param name="fits">Whether an example may be kept (e.g. it fits the context).</param>
    /// <param name="random">The source of every choice, so that a seed reproduces the examples.</param>
    public static List<InstructionExample> Generate(
        SourceText source, IReadOnlyList<(int Document, int Index, IReadOnlyList<ExtractiveQuestion> Questions)> questions,
        IReadOnlyDictionary<int, int> yearCounts, int count, Func<InstructionExample, bool> fits, Random random)
    {
        var addresses = source.Documents.Select(d => d.Address).Where(a => yearCounts.GetValueOrDefault(a.Year) == 1).ToList();
        var examples = new List<InstructionExample>();
        var cursor = questions.Count / 2;   // qa takes sentences from the start, unanswerable from the end
        for (var attempts = 0; examples.Count < count && attempts < 20 * count; attempts++)
        {
            var kind = Rotation[examples.Count % RotationLength];
            var id = $"gen-tool-{(examples.Count + 1).ToString("D5", CultureInfo.InvariantCulture)}";
            var example = kind switch
            {
                Kind.Calculator => Calculation(id, random, addresses),
                Kind.Address => AddressLookup(id, random, addresses),
                Kind.Search => Search(id, source, questions[cursor++ % questions.Count], random),
                Kind.Clock => ClockQuestion(id, random),
                Kind.YearsAgo => YearsAgo(id, random, addresses),
                _ => Direct(id, source, questions[cursor++ % questions.Count], random),
            };
            if (example is not null && fits(example))
            {
                examples.Add(example);
            }
        }
        return examples;
    }

    private static InstructionExample Calculation(string id, Random random, List<CourseCorpus.Address> addresses)
    {
        long Number() => random.Next(3) switch { 0 => random.Next(2, 100), 1 => random.Next(100, 10_000), _ => random.Next(10_000, 5_000_000) };
        var (a, b) = (Number(), Number());
        var (question, expression, value) = random.Next(6) switch
        {
            0 => ($"What is {a} plus {b}?", $"{a}+{b}", (decimal)a + b),
            1 => ($"What is {Math.Max(a, b)} minus {Math.Min(a, b)}?", $"{Math.Max(a, b)}-{Math.Min(a, b)}", (decimal)Math.Max(a, b) - Math.Min(a, b)),
            2 => ($"What is {a % 10_000} times {b % 1_000}?", $"{a % 10_000}*{b % 1_000}", (decimal)(a % 10_000) * (b % 1_000)),
            3 => ($"What is {a * (b % 97 + 2)} divided by {b % 97 + 2}?", $"{a * (b % 97 + 2)}/{b % 97 + 2}", (decimal)a),
            4 => ($"What is {b % 99 + 1}% of {a}?", $"{a}*{b % 99 + 1}/100", (decimal)a * (b % 99 + 1) / 100),
            _ => YearsBetween(addresses[random.Next(addresses.Count)].Year, addresses[random.Next(addresses.Count)].Year),
        };
        var result = Normalized(value);
        return Conversation(id, question,
            ("assistant", ToolCallFormat.FormatCall(CourseTools.Calculator.Name, Arguments(("expression", expression)))),
            ("tool", ToolCallFormat.FormatResult(result)),
            ("assistant", Text(result)));
    }

    private static (string Question, string Expression, decimal Value) YearsBetween(int first, int second)
    {
        var (early, late) = (Math.Min(first, second), Math.Max(first, second));
        return ($"How many years passed between the {early} address and the {late} address?", $"{late}-{early}", late - early);
    }

    private static InstructionExample AddressLookup(string id, Random random, List<CourseCorpus.Address> addresses)
    {
        var info = CourseTools.Describe(addresses[random.Next(addresses.Count)]);
        var (question, reply) = random.Next(3) switch
        {
            0 => ($"Who gave the State of the Union address of {info.Year}?", info.President),
            1 => ($"Which party did the president who gave the {info.Year} address belong to?", info.Party),
            _ => ($"How many words long is the {info.Year} address?", $"{info.Words} words"),
        };
        return Conversation(id, question,
            ("assistant", ToolCallFormat.FormatCall(CourseTools.GetAddress.Name, Arguments(("year", info.Year)))),
            ("tool", ToolCallFormat.FormatResult(info)),
            ("assistant", reply));
    }

    private static InstructionExample? Search(string id, SourceText source, (int Document, int Index, IReadOnlyList<ExtractiveQuestion> Questions) sentence,
        Random random)
    {
        var question = sentence.Questions[random.Next(sentence.Questions.Count)];
        if (!question.Question.StartsWith(QuestionPrefix, StringComparison.Ordinal)
            || source.Around(sentence.Document, sentence.Index, MinHitWords, MaxHitWords, random) is not { } answering
            || InstructionGenerator.Occurrences(answering.Text, question.Answer) != 1)
        {
            return null;
        }
        var other = random.Next(source.Documents.Count);
        var otherSentence = random.Next(source.Documents[other].Sentences.Count);
        if (other == sentence.Document
            || source.Around(other, otherSentence, MinHitWords, MaxHitWords, random) is not { } distractor
            || distractor.Text.Contains(question.Answer, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var hits = new List<CourseTools.SearchHit> { Hit(source, answering), Hit(source, distractor) };
        if (random.Next(2) == 0)
        {
            hits.Reverse();
        }
        var asked = question.Question[QuestionPrefix.Length..];
        return Conversation(id, "According to the State of the Union addresses, " + asked,
            ("assistant", ToolCallFormat.FormatCall(CourseTools.SearchAddresses.Name, Arguments(("query", asked.TrimEnd('?'))))),
            ("tool", ToolCallFormat.FormatResult(hits)),
            ("assistant", question.Answer));
    }

    private static CourseTools.SearchHit Hit(SourceText source, SourceText.Passage passage)
    {
        var address = source.Documents[passage.Document].Address;
        return new CourseTools.SearchHit(address.Year, address.President, passage.Text);
    }

    private static InstructionExample ClockQuestion(string id, Random random)
    {
        var now = RandomMoment(random);
        var reading = CourseTools.Read(now);
        var (question, reply) = random.Next(3) switch
        {
            0 => ("What year is it?", now.Year.ToString(CultureInfo.InvariantCulture)),
            1 => ("What is today's date?", now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            _ => ("What day of the week is it today?", reading.Weekday),
        };
        return Conversation(id, question,
            ("assistant", ToolCallFormat.FormatCall(CourseTools.Clock.Name, null)),
            ("tool", ToolCallFormat.FormatResult(reading)),
            ("assistant", reply));
    }

    private static InstructionExample YearsAgo(string id, Random random, List<CourseCorpus.Address> addresses)
    {
        var now = RandomMoment(random);
        var year = addresses[random.Next(addresses.Count)].Year;
        var years = now.Year - year;
        return Conversation(id, $"How many years ago was the {year} address given?",
            ("assistant", ToolCallFormat.FormatCall(CourseTools.Clock.Name, null)),
            ("tool", ToolCallFormat.FormatResult(CourseTools.Read(now))),
            ("assistant", ToolCallFormat.FormatCall(CourseTools.Calculator.Name, Arguments(("expression", $"{now.Year}-{year}")))),
            ("tool", ToolCallFormat.FormatResult((decimal)years)),
            ("assistant", $"{years} years ago"));
    }

    private static InstructionExample? Direct(string id, SourceText source, (int Document, int Index, IReadOnlyList<ExtractiveQuestion> Questions) sentence,
        Random random)
    {
        var question = sentence.Questions[random.Next(sentence.Questions.Count)];
        var passage = source.Around(sentence.Document, sentence.Index, MinHitWords + 10, MaxHitWords + 30, random);
        return passage is null || InstructionGenerator.Occurrences(passage.Text, question.Answer) != 1 ? null
            : Conversation(id, InstructionData.QaUserMessage(passage.Text, question.Question), ("assistant", question.Answer));
    }

    private static InstructionExample Conversation(string id, string user, params (string Role, string Content)[] turns)
    {
        var messages = new List<InstructionMessage> { new("system", SystemMessage), new("user", user) };
        messages.AddRange(turns.Select(t => new InstructionMessage(t.Role, t.Content)));
        return new InstructionExample(id, InstructionTasks.Tool, messages);
    }

    private static Dictionary<string, object?> Arguments(params (string Name, object Value)[] arguments)
        => arguments.ToDictionary(a => a.Name, a => (object?)a.Value, StringComparer.Ordinal);

    // 2024-01-01 to the end of 2035, to the second.
    private static DateTimeOffset RandomMoment(Random random)
        => new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(random.NextInt64(12L * 365 * 24 * 3600));

    // Without trailing zeros, so that 1250.00 is written 1250 in the result and in the reply.
    private static decimal Normalized(decimal value) => value / 1.000000000000000000000000000000000m;

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
