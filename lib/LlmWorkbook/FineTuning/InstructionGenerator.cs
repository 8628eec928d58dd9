using System.Globalization;
using LlmWorkbook.Evaluation;
using LlmWorkbook.Gpt;
using LlmWorkbook.Tokenization;

namespace LlmWorkbook.FineTuning;

/// <summary>
/// Makes the generated instruction data (data/instructions/generated.jsonl) from the base model's training addresses
/// only, never from a sentence that overlaps an evaluation-set evidence passage or that is or contains a sentence of a
/// validation or unseen address (<see cref="SourceText"/>), and never an example longer than
/// <see cref="InstructionGeneratorConfig.MaxTokens"/> course-model tokens. Deterministic: the same configuration gives
/// the same examples, in the same order. Four tasks:
/// <list type="bullet">
/// <item><c>qa</c>: a context passage and a question <see cref="QuestionWriter"/> made from one of its sentences; the
/// reply is the answer span, which occurs exactly once in the context.</item>
/// <item><c>unanswerable</c>: the same kind of question over a passage without its answer — the address's text a little
/// before or after the sentence, or the passage of another address that shares most words with the question; the
/// reply is <see cref="InstructionData.NotInContext"/>.</item>
/// <item><c>classify</c>: a passage whose topic <see cref="TopicLexicon"/> assigns with a clear winner, labels taken in turn.</item>
/// <item><c>extract</c>: a passage and one of <see cref="ExtractionSchema.All"/>; the reply is the schema's JSON.</item>
/// </list>
/// </summary>
public static class InstructionGenerator
{
    /// <summary>At most this share of extraction replies has only empty lists.</summary>
    public const double MaxEmptyExtractionShare = 0.1;

    /// <summary>No answer (such as "the Supreme Court") is the reply of more than this many <c>qa</c> examples.</summary>
    public const int MaxSameAnswer = 4;

    private const double UnanswerableKindSlack = 1.25;
    private const int ElsewhereCandidates = 40;
    private const int ClassificationCuts = 3;

    /// <summary>
    /// Generates from the course corpus: <see cref="CourseCorpus.Pretraining"/>'s training addresses, excluding the
    /// evidence of <see cref="EvalSet"/>'s dev and test splits, with examples measured by the course model's tokenizer.
    /// </summary>
    public static IReadOnlyList<InstructionExample> Generate(InstructionGeneratorConfig config)
    {
        var split = CourseCorpus.Pretraining();
        var evidence = EvalSet.Dev().Concat(EvalSet.Test()).Where(q => q.Evidence is not null).Select(q => q.Evidence!);
        return Generate(split.Train, split.Validation.Concat(split.Unseen), evidence, CourseTemplate(), config);
    }

    /// <summary>The course model's chat format and tokenizer (data/gpt), by which examples are measured.</summary>
    public static ChatTemplate CourseTemplate() => new(CourseGpt.LoadTokenizer(WorkbookPaths.CommittedData(CourseGpt.TokenizerPath)));

    /// <summary>
    /// Generates from <paramref name="train"/>, quoting no sentence that overlaps an <paramref name="evidence"/> passage or
    /// occurs in a <paramref name="heldOut"/> address, and no example longer than the config's token limit in
    /// <paramref name="template"/>. Gives fewer examples of a task if the text has too few.
    /// </summary>
    public static IReadOnlyList<InstructionExample> Generate(
        IReadOnlyList<CourseCorpus.Address> train, IEnumerable<CourseCorpus.Address> heldOut, IEnumerable<string> evidence, ChatTemplate template,
        InstructionGeneratorConfig config)
        => GenerateWithAnswers(train, heldOut, evidence, template, config).Select(g => g.Example).ToList();

    /// <summary>An example, with the answer an <c>unanswerable</c> example's context does not hold (null for the other tasks).</summary>
    internal sealed record Generated(InstructionExample Example, string? WithheldAnswer);

    /// <summary>The examples <c>Generate</c> makes, each with the answer tests check an unanswerable context against.</summary>
    internal static IReadOnlyList<Generated> GenerateWithAnswers(
        IReadOnlyList<CourseCorpus.Address> train, IEnumerable<CourseCorpus.Address> heldOut, IEnumerable<string> evidence, ChatTemplate template,
        InstructionGeneratorConfig config)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(heldOut);
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(config);
        if (config.MinContextWords < 1 || config.MaxContextWords < config.MinContextWords
            || config.MinPassageWords < 1 || config.MaxPassageWords < config.MinPassageWords)
        {
            throw new ArgumentException($"word limits must be positive, each minimum at most its maximum: {config}", nameof(config));
        }
        var source = new SourceText(train, heldOut, evidence);
        bool Fits(InstructionExample e) => template.CountTokens(e.ToChatMessages(), addReplyPrompt: false) <= config.MaxTokens;
        // One random stream per task, so that changing one task's count leaves the others' examples as they were.
        var sentences = QuestionSentences(source);
        var heldOutAddresses = heldOut.ToList();
        var yearCounts = train.Concat(heldOutAddresses).GroupBy(a => a.Year).ToDictionary(g => g.Key, g => g.Count());
        var examples = new List<Generated>();
        examples.AddRange(Questions(source, sentences, config, Fits, new Random(config.Seed)));
        examples.AddRange(Classifications(source, config, Fits, new Random(config.Seed + 1)).Select(e => new Generated(e, null)));
        examples.AddRange(Extractions(source, config, Fits, new Random(config.Seed + 2)).Select(e => new Generated(e, null)));
        examples.AddRange(ToolExamples.Generate(source, sentences, yearCounts, config.Tool, Fits, new Random(config.Seed + 4)).Select(e => new Generated(e, null)));
        Shuffle(examples, new Random(config.Seed + 3));
        return examples;
    }

    // Every usable sentence with the questions QuestionWriter makes of it (those with none left out), in corpus order.
    private static List<(int Document, int Index, IReadOnlyList<ExtractiveQuestion> Questions)> QuestionSentences(SourceText source)
    {
        var writer = new QuestionWriter(new WordCase(source.Documents.SelectMany(d => d.Sentences.Where((_, i) => d.Usable[i]).Select(s => s.Text))));
        var sentences = new List<(int Document, int Index, IReadOnlyList<ExtractiveQuestion> Questions)>();
        for (var d = 0; d < source.Documents.Count; d++)
        {
            var document = source.Documents[d];
            for (var i = 0; i < document.Sentences.Count; i++)
            {
                if (document.Usable[i] && writer.Questions(document.Sentences[i].Text) is { Count: > 0 } questions)
                {
                    sentences.Add((d, i, questions));
                }
            }
        }
        return sentences;
    }

    private static List<Generated> Questions(SourceText source, List<(int Document, int Index, IReadOnlyList<ExtractiveQuestion> Questions)> sentences,
        InstructionGeneratorConfig config, Func<InstructionExample, bool> fits, Random random)
    {
        Shuffle(sentences, random);
        // Two passes over the sentences, so that a sentence with two good questions may give two examples. Of a sentence's
        // questions, the one whose kind of answer (amount, year, person…) is least used so far; no answer more than
        // MaxSameAnswer times.
        var examples = new List<InstructionExample>();
        var used = new HashSet<ExtractiveQuestion>();
        var kindCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        var answerCounts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var (d, i, questions) in sentences)
            {
                if (examples.Count == config.Qa)
                {
                    break;
                }
                var question = questions
                    .Where(q => !used.Contains(q) && answerCounts.GetValueOrDefault(q.Answer) < MaxSameAnswer)
                    .MinBy(q => kindCounts.GetValueOrDefault(q.Kind));
                if (question is null || (pass == 1 && !questions.Any(used.Contains))
                    || source.Around(d, i, config.MinContextWords, config.MaxContextWords, random) is not { } passage
                    || Occurrences(passage.Text, question.Answer) != 1)
                {
                    continue;
                }
                var example = InstructionData.Example(Id(InstructionTasks.Qa, examples.Count), InstructionTasks.Qa,
                    InstructionData.QaUserMessage(passage.Text, question.Question), question.Answer);
                if (!fits(example))
                {
                    continue;
                }
                used.Add(question);
                kindCounts[question.Kind] = kindCounts.GetValueOrDefault(question.Kind) + 1;
                answerCounts[question.Answer] = answerCounts.GetValueOrDefault(question.Answer) + 1;
                examples.Add(example);
            }
        }

        // Unanswerable examples ask the sentences' other questions (or the same one, when a sentence has only one) over
        // another passage: alternately a passage near the sentence without it, and the passage of another address that
        // shares most words with the question. Each kind of answer is asked about as often, relative to the qa
        // examples, so that the kind of question ("what country…?") does not tell whether the context answers it.
        var unanswerable = new List<Generated>();
        var unanswerableKinds = new Dictionary<string, int>(StringComparer.Ordinal);
        var share = UnanswerableKindSlack * config.Unanswerable / Math.Max(1, examples.Count);
        int KindCap(string kind) => (int)Math.Ceiling(kindCounts.GetValueOrDefault(kind) * share);
        for (var k = sentences.Count - 1; k >= 0 && unanswerable.Count < config.Unanswerable; k--)
        {
            var (d, i, questions) = sentences[k];
            var fresh = questions.Where(q => !used.Contains(q)).ToList();
            var question = (fresh.Count > 0 ? fresh : questions)
                .Where(q => unanswerableKinds.GetValueOrDefault(q.Kind) < KindCap(q.Kind))
                .MinBy(q => unanswerableKinds.GetValueOrDefault(q.Kind));
            if (question is null)
            {
                continue;
            }
            var passage = unanswerable.Count % 2 == 0
                ? Nearby(source, d, i, config, random)
                : Elsewhere(source, d, question.Question, config, random);
            if (passage is null || passage.Text.Contains(question.Answer, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var example = InstructionData.Example(Id(InstructionTasks.Unanswerable, unanswerable.Count), InstructionTasks.Unanswerable,
                InstructionData.QaUserMessage(passage.Text, question.Question), InstructionData.NotInContext);
            if (fits(example))
            {
                unanswerable.Add(new Generated(example, question.Answer));
                unanswerableKinds[question.Kind] = unanswerableKinds.GetValueOrDefault(question.Kind) + 1;
            }
        }
        return examples.Select(e => new Generated(e, null)).Concat(unanswerable).ToList();
    }

    // A passage of the same address that ends before sentence i or starts after it, a sentence or more away.
    private static SourceText.Passage? Nearby(SourceText source, int d, int i, InstructionGeneratorConfig config, Random random)
    {
        var document = source.Documents[d];
        var after = random.Next(2) == 0;
        var anchor = after ? i + 2 + random.Next(3) : i - 2 - random.Next(3);
        if (anchor < 0 || anchor >= document.Sentences.Count)
        {
            return null;
        }
        var passage = source.Around(d, anchor, config.MinContextWords, config.MaxContextWords, random);
        return passage is not null && (passage.Last < i - 1 || passage.First > i + 1) ? passage : null;
    }

    // Of a few random passages of other addresses, the one sharing the most words with the question.
    private static SourceText.Passage? Elsewhere(SourceText source, int d, string question, InstructionGeneratorConfig config, Random random)
    {
        var questionWords = ContentWords(question);
        SourceText.Passage? best = null;
        var bestShared = 0;
        for (var k = 0; k < ElsewhereCandidates; k++)
        {
            var other = random.Next(source.Documents.Count);
            var sentence = random.Next(source.Documents[other].Sentences.Count);
            if (other == d || source.Around(other, sentence, config.MinContextWords, config.MaxContextWords, random) is not { } passage)
            {
                continue;
            }
            var shared = ContentWords(passage.Text).Count(questionWords.Contains);
            if (shared > bestShared)
            {
                (best, bestShared) = (passage, shared);
            }
        }
        return best;
    }

    private static List<InstructionExample> Classifications(SourceText source, InstructionGeneratorConfig config, Func<InstructionExample, bool> fits, Random random)
    {
        // Each address cut into passages three times, from different first sentences, so that rare topics have more.
        var byLabel = TopicLexicon.Labels.ToDictionary(l => l, _ => new List<SourceText.Passage>(), StringComparer.Ordinal);
        var seen = new HashSet<(int, int, int)>();
        for (var d = 0; d < source.Documents.Count; d++)
        {
            for (var cut = 0; cut < ClassificationCuts; cut++)
            {
                foreach (var passage in source.Chunks(d, config.MinPassageWords, config.MaxPassageWords, random, start: 2 * cut))
                {
                    if (seen.Add((d, passage.First, passage.Last)) && TopicLexicon.Classify(passage.Text) is { } label)
                    {
                        byLabel[label].Add(passage);
                    }
                }
            }
        }
        foreach (var label in TopicLexicon.Labels)
        {
            Shuffle(byLabel[label], random);
        }
        // Labels in turn, so that rare topics are not drowned by war and finance.
        var examples = new List<InstructionExample>();
        var next = TopicLexicon.Labels.ToDictionary(l => l, _ => 0, StringComparer.Ordinal);
        while (examples.Count < config.Classify && TopicLexicon.Labels.Any(l => next[l] < byLabel[l].Count))
        {
            foreach (var label in TopicLexicon.Labels)
            {
                while (next[label] < byLabel[label].Count && examples.Count < config.Classify)
                {
                    var example = InstructionData.Example(Id(InstructionTasks.Classify, examples.Count), InstructionTasks.Classify,
                        InstructionData.ClassifyUserMessage(byLabel[label][next[label]++].Text), label);
                    if (fits(example))
                    {
                        examples.Add(example);
                        break;
                    }
                }
            }
        }
        return examples;
    }

    private static List<InstructionExample> Extractions(SourceText source, InstructionGeneratorConfig config, Func<InstructionExample, bool> fits, Random random)
    {
        var passages = Enumerable.Range(0, source.Documents.Count)
            .SelectMany(d => source.Chunks(d, config.MinPassageWords, config.MaxPassageWords, random)).ToList();
        Shuffle(passages, random);
        var examples = new List<InstructionExample>();
        var empty = 0;
        var maxEmpty = (int)(config.Extract * MaxEmptyExtractionShare);
        foreach (var passage in passages)
        {
            if (examples.Count == config.Extract)
            {
                break;
            }
            var schema = ExtractionSchema.All[examples.Count % ExtractionSchema.All.Count];
            var address = source.Documents[passage.Document].Address;
            var reply = schema.Reply(address.Year, address.President, passage.Text);
            var allEmpty = schema.FindsNothingIn(passage.Text);
            var example = InstructionData.Example(Id(InstructionTasks.Extract, examples.Count), InstructionTasks.Extract,
                InstructionData.ExtractUserMessage(schema, address.Year, address.President, passage.Text), reply);
            if ((allEmpty && empty == maxEmpty) || !fits(example))
            {
                continue;
            }
            empty += allEmpty ? 1 : 0;
            examples.Add(example);
        }
        return examples;
    }

    private static string Id(string task, int index) => $"gen-{task}-{(index + 1).ToString("D5", CultureInfo.InvariantCulture)}";

    internal static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + 1, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }

    private static HashSet<string> ContentWords(string text)
        => text.Split([' ', ',', '.', ';', '?', '!', '-'], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.ToLowerInvariant())
            .Where(w => w.Length > 4 && w.All(char.IsLetter) && !CommonWords.Contains(w))
            .ToHashSet(StringComparer.Ordinal);

    private static readonly HashSet<string> CommonWords = new(StringComparer.Ordinal)
    {
        "according", "passage", "which", "their", "there", "would", "should", "these", "those", "other", "under", "shall",
        "about", "after", "before", "being", "could", "every", "great", "might", "where", "while", "whose",
    };

    private static void Shuffle<T>(List<T> items, Random random)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
