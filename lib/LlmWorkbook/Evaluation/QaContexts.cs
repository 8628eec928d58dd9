using LlmWorkbook.FineTuning;
using LlmWorkbook.Tokenization;

namespace LlmWorkbook.Evaluation;

/// <summary>
/// The context each evaluation question is asked over when the passage is given (reading comprehension, not
/// retrieval): a passage of its address of about <see cref="TargetWords"/> words, the length of the instruction data's
/// contexts. For an answerable question it is the evidence with the sentences around it, added after and before in
/// turn; for an unanswerable one, the passage of the cited address (or the nearest year's) that shares the most words
/// with the question, so that the context is on topic but does not hold the answer. Deterministic.
/// </summary>
public static class QaContexts
{
    /// <summary>Sentences are added while the passage is shorter than this many words.</summary>
    public const int TargetWords = 100;

    /// <summary>No sentence is added that would take the passage past this many words.</summary>
    public const int MaxWords = 150;

    /// <summary>The questions with their contexts, over the course corpus.</summary>
    public static IReadOnlyList<QaItem> For(IEnumerable<EvalQuestion> questions) => For(questions, CourseCorpus.LoadAllAddresses());

    /// <summary>The questions with their contexts, over the given addresses.</summary>
    public static IReadOnlyList<QaItem> For(IEnumerable<EvalQuestion> questions, IReadOnlyList<CourseCorpus.Address> addresses)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(addresses);
        var sentences = new Dictionary<CourseCorpus.Address, IReadOnlyList<SentenceSplitter.Sentence>>();
        IReadOnlyList<SentenceSplitter.Sentence> SentencesOf(CourseCorpus.Address a) =>
            sentences.TryGetValue(a, out var s) ? s : sentences[a] = SentenceSplitter.Split(a.Text);
        return questions.Select(q =>
        {
            var address = AddressOf(q, addresses);
            return new QaItem(q, q.Evidence is { } evidence
                ? AroundEvidence(address, SentencesOf(address), evidence, q.Id)
                : MostSimilarPassage(SentencesOf(address), q.Question));
        }).ToList();
    }

    private static CourseCorpus.Address AddressOf(EvalQuestion question, IReadOnlyList<CourseCorpus.Address> addresses)
    {
        var cited = addresses.Where(a => a.Year == question.Year).ToList();
        return cited.FirstOrDefault(a => a.President == question.President) ?? cited.FirstOrDefault()
            ?? addresses.MinBy(a => Math.Abs(a.Year - question.Year))
            ?? throw new ArgumentException("no addresses to take contexts from", nameof(addresses));
    }

    private static string AroundEvidence(CourseCorpus.Address address, IReadOnlyList<SentenceSplitter.Sentence> sentences, string evidence, string id)
    {
        var start = address.Text.IndexOf(evidence, StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidDataException($"question {id}: its evidence does not occur in the {address.Year} address");
        }
        var end = start + evidence.Length;
        var first = sentences.Count(s => s.End <= start);
        var last = sentences.Count(s => s.Start < end) - 1;
        var words = CourseCorpus.WordCount(address.Text[sentences[first].Start..sentences[last].End]);
        for (var grew = true; grew && words < TargetWords;)
        {
            grew = false;
            foreach (var after in (bool[])[true, false])
            {
                var next = after ? last + 1 : first - 1;
                if (words < TargetWords && next >= 0 && next < sentences.Count && words + CourseCorpus.WordCount(sentences[next].Text) <= MaxWords)
                {
                    words += CourseCorpus.WordCount(sentences[next].Text);
                    (first, last) = after ? (first, next) : (next, last);
                    grew = true;
                }
            }
        }
        var text = address.Text[sentences[first].Start..sentences[last].End];
        return text.Contains(evidence, StringComparison.Ordinal) ? text : evidence;
    }

    private static string MostSimilarPassage(IReadOnlyList<SentenceSplitter.Sentence> sentences, string question)
    {
        var questionWords = LexicalBaseline.ContentWords(question);
        string best = "";
        var bestShared = -1;
        for (var first = 0; first < sentences.Count; first++)
        {
            var (last, words) = (first, CourseCorpus.WordCount(sentences[first].Text));
            while (words < TargetWords && last + 1 < sentences.Count && words + CourseCorpus.WordCount(sentences[last + 1].Text) <= MaxWords)
            {
                words += CourseCorpus.WordCount(sentences[++last].Text);
            }
            var text = string.Join(' ', Enumerable.Range(first, last - first + 1).Select(i => sentences[i].Text));
            var shared = LexicalBaseline.ContentWords(text).Count(questionWords.Contains);
            if (shared > bestShared)
            {
                (best, bestShared) = (text, shared);
            }
        }
        return best;
    }
}
