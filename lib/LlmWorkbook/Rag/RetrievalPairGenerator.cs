using LlmWorkbook.Evaluation;
using LlmWorkbook.FineTuning;
using LlmWorkbook.Tokenization;

namespace LlmWorkbook.Rag;

/// <summary>
/// Makes (query, passage) pairs to train a retriever on, from the base model's training addresses only. The passages
/// are the chunks retrieval searches (<see cref="Chunker.BySentences"/>); a chunk is used only if every one of its
/// sentences may be quoted by the instruction data (<see cref="SourceText"/>: none overlaps an evaluation-set evidence
/// passage, none is or contains a sentence of a validation or unseen address). Two kinds of query:
/// <list type="bullet">
/// <item>questions the instruction data's <see cref="QuestionWriter"/> makes from the chunk's sentences, asked plainly,
/// as "In 1862, …?" or as "According to Lincoln's 1862 address, …?" (the ways people ask about an address), with the
/// chunk as the passage;</item>
/// <item>the inverse cloze task: a sentence of the chunk as the query, the chunk without that sentence as the passage.</item>
/// </list>
/// Deterministic: the same config gives the same pairs in the same order.
/// </summary>
public static class RetrievalPairGenerator
{
    private const string QuestionPrefix = "According to the passage, ";
    private const int MinClozeWords = 8;

    /// <summary>
    /// Pairs from the course corpus: <see cref="CourseCorpus.Pretraining"/>'s training addresses, excluding the evidence
    /// of <see cref="EvalSet"/>'s dev and test splits and every sentence of the validation and unseen addresses.
    /// </summary>
    public static IReadOnlyList<RetrievalPair> Generate(RetrievalPairConfig config)
    {
        var split = CourseCorpus.Pretraining();
        var evidence = EvalSet.Dev().Concat(EvalSet.Test()).Where(q => q.Evidence is not null).Select(q => q.Evidence!);
        return Generate(split.Train, split.Validation.Concat(split.Unseen), evidence, config);
    }

    /// <summary>Pairs from <paramref name="train"/>, quoting no sentence that overlaps <paramref name="evidence"/> or occurs in <paramref name="heldOut"/>.</summary>
    public static IReadOnlyList<RetrievalPair> Generate(
        IReadOnlyList<CourseCorpus.Address> train, IEnumerable<CourseCorpus.Address> heldOut, IEnumerable<string> evidence, RetrievalPairConfig config)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(heldOut);
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(config);
        config.Check(nameof(config));
        var addresses = train.Where((_, i) => i % config.AddressStride == 0).ToList();
        var source = new SourceText(addresses, heldOut, evidence);
        var writer = new QuestionWriter(new WordCase(source.Documents.SelectMany(d => d.Sentences.Where((_, i) => d.Usable[i]).Select(s => s.Text))));
        var random = new Random(config.Seed);
        var pairs = new List<RetrievalPair>();
        foreach (var document in source.Documents)
        {
            var address = document.Address;
            foreach (var chunk in Chunker.BySentences(address, config.ChunkWords, config.OverlapSentences))
            {
                var sentences = Enumerable.Range(chunk.FirstSentence, chunk.LastSentence - chunk.FirstSentence + 1).ToList();
                if (!sentences.All(i => document.Usable[i]))
                {
                    continue;
                }
                pairs.AddRange(Questions(writer, document, chunk, sentences, config.QuestionsPerChunk, random));
                pairs.AddRange(Cloze(document, chunk, sentences, config.ClozePerChunk, random));
            }
        }
        return pairs;
    }

    // Up to `count` questions, from different sentences first (in a random order), then a sentence's other questions.
    private static IEnumerable<RetrievalPair> Questions(
        QuestionWriter writer, SourceText.Document document, Chunk chunk, List<int> sentences, int count, Random random)
    {
        var bySentence = sentences.Select(i => writer.Questions(document.Sentences[i].Text).ToList()).Where(q => q.Count > 0).ToArray();
        random.Shuffle(bySentence);
        var chosen = new List<ExtractiveQuestion>();
        for (var round = 0; chosen.Count < count && bySentence.Any(q => q.Count > round); round++)
        {
            chosen.AddRange(bySentence.Where(q => q.Count > round).Select(q => q[round]).Take(count - chosen.Count));
        }
        return chosen.Select(q => new RetrievalPair(Phrase(q.Question, document.Address, random), chunk.Text, chunk.Id, RetrievalPairKind.Question));
    }

    // "According to the passage, the duties were reduced in what year?" asked plainly, or naming the address.
    private static string Phrase(string question, CourseCorpus.Address address, Random random)
    {
        var body = question.StartsWith(QuestionPrefix, StringComparison.Ordinal) ? question[QuestionPrefix.Length..] : question;
        var surname = address.President.Split(' ')[^1];
        return random.Next(3) switch
        {
            0 => char.ToUpperInvariant(body[0]) + body[1..],
            1 => $"In {address.Year}, {body}",
            _ => $"According to {surname}'s {address.Year} address, {body}",
        };
    }

    private static IEnumerable<RetrievalPair> Cloze(SourceText.Document document, Chunk chunk, List<int> sentences, int count, Random random)
    {
        if (sentences.Count < 2)
        {
            yield break;
        }
        var candidates = sentences.Where(i => document.Words[i] >= MinClozeWords).ToArray();
        random.Shuffle(candidates);
        var text = document.Address.Text;
        foreach (var i in candidates.Take(count))
        {
            var sentence = document.Sentences[i];
            var before = i > chunk.FirstSentence ? text[document.Sentences[chunk.FirstSentence].Start..document.Sentences[i - 1].End] : "";
            var after = i < chunk.LastSentence ? text[document.Sentences[i + 1].Start..document.Sentences[chunk.LastSentence].End] : "";
            var rest = before.Length == 0 ? after : after.Length == 0 ? before : before + " " + after;
            yield return new RetrievalPair(sentence.Text, rest, chunk.Id, RetrievalPairKind.InverseCloze);
        }
    }
}
