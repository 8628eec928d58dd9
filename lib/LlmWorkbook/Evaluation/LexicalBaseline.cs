using LlmWorkbook.FineTuning;
using LlmWorkbook.Rag;

namespace LlmWorkbook.Evaluation;

/// <summary>
/// The reading-comprehension baseline with no model: the answer is the context sentence that shares the most content
/// words with the question (the first such sentence on a tie). It never abstains. A model that reads the question
/// should beat it: the gold answer is a short span inside a sentence like that one.
/// </summary>
public static class LexicalBaseline
{
    /// <summary>The sentence of <paramref name="context"/> with the most content words of <paramref name="question"/>.</summary>
    public static string Answer(string context, string question)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(question);
        var questionWords = ContentWords(question);
        return SentenceSplitter.Split(context).Select(s => s.Text)
            .Select((text, index) => (Text: text, Index: index, Shared: ContentWords(text).Count(questionWords.Contains)))
            .OrderByDescending(s => s.Shared).ThenBy(s => s.Index)
            .Select(s => s.Text).FirstOrDefault() ?? "";
    }

    /// <summary>The distinct lower-cased words of a text (letters and digits) that are not stop words.</summary>
    public static HashSet<string> ContentWords(string text) =>
        Bm25Index.Words(text).Where(w => !StopWords.Contains(w)).ToHashSet(StringComparer.Ordinal);

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "by", "for", "with", "from", "as", "is", "was", "were",
        "be", "been", "are", "it", "its", "this", "that", "these", "those", "which", "what", "who", "whom", "whose", "when",
        "where", "how", "why", "did", "do", "does", "had", "has", "have", "he", "his", "she", "her", "they", "their", "we",
        "our", "i", "my", "you", "your", "not", "no", "but", "if", "than", "then", "so", "such", "there", "would", "should",
        "could", "will", "shall", "may", "can", "said", "say", "says", "according", "address", "per", "much", "many",
    };
}
