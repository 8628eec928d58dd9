using System.Text;
using System.Text.RegularExpressions;

namespace LlmWorkbook.Evaluation;

/// <summary>
/// Scores a short answer against the gold one the way SQuAD 2.0's official script does: both are normalized (lower
/// case, ASCII punctuation removed, the articles a/an/the removed, white space collapsed), exact match compares the
/// normalized strings, and F1 is the harmonic mean of precision and recall over their words, counted with
/// multiplicity. A question without an answer in its context scores 1 when the prediction abstains and 0 otherwise;
/// an answerable one scores 0 when it abstains.
/// </summary>
public static partial class AnswerMetrics
{
    /// <summary>Phrases that, in a normalized prediction, mean the model declined to answer.</summary>
    public static IReadOnlyList<string> AbstentionPhrases { get; } = ["context does not say", "not in corpus", "not in context"];

    /// <summary>The text as the SQuAD script compares it.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            if (!(c < 128 && char.IsPunctuation(c) || c is '$' or '+' or '<' or '=' or '>' or '^' or '`' or '|' or '~'))
            {
                builder.Append(c);
            }
        }
        var withoutArticles = Articles().Replace(builder.ToString(), " ");
        return string.Join(' ', withoutArticles.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Whether the normalized texts are equal.</summary>
    public static bool ExactMatch(string prediction, string gold) => Normalize(prediction) == Normalize(gold);

    /// <summary>Word-overlap F1 of the normalized texts (1 when both are empty, 0 when one is).</summary>
    public static double F1(string prediction, string gold)
    {
        var predicted = Normalize(prediction).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var expected = Normalize(gold).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (predicted.Length == 0 || expected.Length == 0)
        {
            return predicted.Length == expected.Length ? 1 : 0;
        }
        var counts = expected.GroupBy(w => w, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var common = 0;
        foreach (var word in predicted)
        {
            if (counts.TryGetValue(word, out var left) && left > 0)
            {
                counts[word] = left - 1;
                common++;
            }
        }
        if (common == 0)
        {
            return 0;
        }
        var precision = (double)common / predicted.Length;
        var recall = (double)common / expected.Length;
        return 2 * precision * recall / (precision + recall);
    }

    /// <summary>Whether a prediction declines to answer (it contains one of <see cref="AbstentionPhrases"/> once normalized).</summary>
    public static bool IsAbstention(string prediction)
    {
        var normalized = Normalize(prediction);
        return AbstentionPhrases.Any(p => normalized.Contains(p, StringComparison.Ordinal));
    }

    /// <summary>Exact match and F1 of a prediction for a question, with the abstention rule above.</summary>
    public static (bool Exact, double F1) Score(EvalQuestion question, string prediction)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(prediction);
        var abstained = IsAbstention(prediction);
        if (!question.Answerable)
        {
            return (abstained, abstained ? 1 : 0);
        }
        return abstained ? (false, 0) : (ExactMatch(prediction, question.Answer), F1(prediction, question.Answer));
    }

    [GeneratedRegex(@"\b(a|an|the)\b")]
    private static partial Regex Articles();
}
