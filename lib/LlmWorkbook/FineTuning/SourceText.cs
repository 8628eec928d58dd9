using System.Text.RegularExpressions;
using LlmWorkbook.Tokenization;

namespace LlmWorkbook.FineTuning;

/// <summary>
/// The sentences instruction examples may quote: those of the training addresses, less every sentence that overlaps
/// an evaluation-set evidence passage (wherever that passage occurs), that is a sentence of a held-out address, or
/// that contains one of four words or more. A passage is a run of consecutive usable sentences of one address.
/// </summary>
internal sealed partial class SourceText
{
    /// <summary>One training address, split into sentences, with which of them may be quoted.</summary>
    public sealed record Document(CourseCorpus.Address Address, IReadOnlyList<SentenceSplitter.Sentence> Sentences, bool[] Usable, int[] Words);

    /// <summary>A passage: sentences <paramref name="First"/> to <paramref name="Last"/> of document <paramref name="Document"/>.</summary>
    public sealed record Passage(int Document, int First, int Last, string Text, int Words);

    private const int MaxSentenceWords = 90;

    public IReadOnlyList<Document> Documents { get; }

    public SourceText(IReadOnlyList<CourseCorpus.Address> train, IEnumerable<CourseCorpus.Address> heldOut, IEnumerable<string> evidence)
    {
        var quoted = evidence.SelectMany(e => SentenceSplitter.Split(e).Select(s => s.Text).Append(e)).Distinct(StringComparer.Ordinal).ToList();
        var heldOutSentences = heldOut.SelectMany(a => SentenceSplitter.Split(a.Text)).Select(s => Normalize(s.Text)).Concat(quoted.Select(Normalize))
            .ToHashSet(StringComparer.Ordinal);
        var heldOutPhrases = new PhraseIndex(heldOutSentences);
        Documents = train.Select(address =>
        {
            var sentences = SentenceSplitter.Split(address.Text);
            var words = sentences.Select(s => WordCount(s.Text)).ToArray();
            var excluded = ExcludedRanges(address.Text, quoted);
            var usable = sentences.Select((s, i) => IsClean(s.Text, words[i])
                && !heldOutSentences.Contains(Normalize(s.Text))
                && !heldOutPhrases.FoundIn(s.Text)
                && !excluded.Any(r => s.Start < r.End && r.Start < s.End)).ToArray();
            return new Document(address, sentences, usable, words);
        }).ToList();
    }

    /// <summary>
    /// A passage of <paramref name="minWords"/> to <paramref name="maxWords"/> words that contains sentence
    /// <paramref name="index"/> (which must be usable) at a random place, or null if its run of usable sentences is too short.
    /// </summary>
    public Passage? Around(int document, int index, int minWords, int maxWords, Random random)
    {
        var d = Documents[document];
        if (!d.Usable[index] || d.Words[index] > maxWords)
        {
            return null;
        }
        var target = random.Next(minWords, maxWords + 1);
        var (first, last, words) = (index, index, d.Words[index]);
        for (var before = random.Next(0, 4); before > 0 && first > 0 && d.Usable[first - 1] && words + d.Words[first - 1] <= target; before--)
        {
            words += d.Words[--first];
        }
        while (words < target && last + 1 < d.Sentences.Count && d.Usable[last + 1] && words + d.Words[last + 1] <= maxWords)
        {
            words += d.Words[++last];
        }
        while (words < minWords && first > 0 && d.Usable[first - 1] && words + d.Words[first - 1] <= maxWords)
        {
            words += d.Words[--first];
        }
        return words >= minWords ? Make(document, first, last) : null;
    }

    /// <summary>
    /// The document's passages, one after another from sentence <paramref name="start"/>, each of
    /// <paramref name="minWords"/> to <paramref name="maxWords"/> words.
    /// </summary>
    public IEnumerable<Passage> Chunks(int document, int minWords, int maxWords, Random random, int start = 0)
    {
        var d = Documents[document];
        var index = start;
        while (index < d.Sentences.Count)
        {
            if (!d.Usable[index])
            {
                index++;
                continue;
            }
            var target = random.Next(minWords, maxWords + 1);
            var (last, words) = (index, d.Words[index]);
            while (words < target && last + 1 < d.Sentences.Count && d.Usable[last + 1] && words + d.Words[last + 1] <= maxWords)
            {
                words += d.Words[++last];
            }
            if (words >= minWords && words <= maxWords)
            {
                yield return Make(document, index, last);
            }
            index = last + 1;
        }
    }

    /// <summary>The passage of sentences first to last of a document.</summary>
    public Passage Make(int document, int first, int last)
    {
        var d = Documents[document];
        var text = string.Join(' ', Enumerable.Range(first, last - first + 1).Select(i => d.Sentences[i].Text));
        return new Passage(document, first, last, text, d.Words[first..(last + 1)].Sum());
    }

    /// <summary>Words of a text, counted by spaces.</summary>
    public static int WordCount(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>The text with runs of white space made single spaces, for comparing sentences.</summary>
    public static string Normalize(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    // Where in this text any evidence passage, or any of its sentences, occurs.
    private static List<(int Start, int End)> ExcludedRanges(string text, IEnumerable<string> quoted)
    {
        var ranges = new List<(int, int)>();
        foreach (var quote in quoted)
        {
            for (var at = text.IndexOf(quote, StringComparison.Ordinal); at >= 0; at = text.IndexOf(quote, at + 1, StringComparison.Ordinal))
            {
                ranges.Add((at, at + quote.Length));
            }
        }
        return ranges;
    }

    /// <summary>Whether a sentence holds a heading in capitals ("HIGHWAYS Our vast network…", "FOREIGN DEBTS About…").</summary>
    public static bool HasHeading(string sentence) => Heading().IsMatch(sentence);

    private static bool IsClean(string sentence, int words)
        => words is >= 3 and <= MaxSentenceWords
           && sentence[^1] is '.' or '?' or '!' or '"' or '\''
           && !sentence.Contains(". .", StringComparison.Ordinal)
           && !HasHeading(sentence)
           && !sentence.Contains('\n')
           && sentence.All(c => c < 128);

    [GeneratedRegex(@"\b[A-Z]{3,}(?: [A-Z]{2,})* [A-Z][a-z]|\b[A-Z]{3,} [A-Z]{3,}\b")]
    private static partial Regex Heading();
}
