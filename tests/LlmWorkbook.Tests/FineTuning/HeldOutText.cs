using LlmWorkbook.Evaluation;
using LlmWorkbook.FineTuning;
using LlmWorkbook.Tokenization;

namespace LlmWorkbook.Tests.FineTuning;

/// <summary>
/// The text instruction data must never quote: every evaluation evidence passage and each of its sentences, and every
/// sentence (of four words or more) of the validation and unseen addresses. <see cref="FindIn"/> looks for them in a
/// text in one pass over its words, so that it can check tens of thousands of examples quickly.
/// </summary>
internal sealed class HeldOutText
{
    private const int KeyWords = 6;
    private const int MinWords = 4;

    public static readonly Lazy<HeldOutText> Instance = new(() =>
    {
        var split = CourseCorpus.Pretraining();
        var evidence = EvalSet.Dev().Concat(EvalSet.Test()).Where(q => q.Evidence is not null).Select(q => q.Evidence!).ToList();
        var texts = evidence.Concat(evidence.SelectMany(e => SentenceSplitter.Split(e).Select(s => s.Text)))
            .Concat(split.Validation.Concat(split.Unseen).SelectMany(a => SentenceSplitter.Split(a.Text).Select(s => s.Text)));
        return new HeldOutText(texts, evidence.Count);
    });

    private readonly Dictionary<string, List<string>> _byFirstWords = new(StringComparer.Ordinal);
    private readonly HashSet<string> _short = new(StringComparer.Ordinal);

    private HeldOutText(IEnumerable<string> texts, int evidenceCount)
    {
        EvidenceCount = evidenceCount;
        foreach (var text in texts.Select(SourceText.Normalize).Distinct(StringComparer.Ordinal))
        {
            var words = text.Split(' ');
            if (words.Length >= KeyWords)
            {
                var key = string.Join(' ', words[..KeyWords]);
                if (!_byFirstWords.TryGetValue(key, out var list))
                {
                    _byFirstWords[key] = list = [];
                }
                list.Add(text);
            }
            else if (words.Length >= MinWords)
            {
                _short.Add(text);
            }
        }
    }

    /// <summary>How many evidence passages there are (to check the set was read).</summary>
    public int EvidenceCount { get; }

    /// <summary>The first held-out passage or sentence the text contains, or null.</summary>
    public string? FindIn(string text)
    {
        var normalized = SourceText.Normalize(text);
        var words = normalized.Split(' ');
        for (var i = 0; i + KeyWords <= words.Length; i++)
        {
            if (_byFirstWords.TryGetValue(string.Join(' ', words, i, KeyWords), out var candidates)
                && candidates.FirstOrDefault(c => normalized.Contains(c, StringComparison.Ordinal)) is { } found)
            {
                return found;
            }
        }
        return SentenceSplitter.Split(normalized).Select(s => s.Text).FirstOrDefault(_short.Contains);
    }
}
