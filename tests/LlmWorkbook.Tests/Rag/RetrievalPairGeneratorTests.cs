using LlmWorkbook.Evaluation;
using LlmWorkbook.FineTuning;
using LlmWorkbook.Rag;
using LlmWorkbook.Tokenization;

namespace LlmWorkbook.Tests.Rag;

public sealed class RetrievalPairGeneratorTests
{
    private static readonly Lazy<IReadOnlyList<RetrievalPair>> Shipped = new(() => RetrievalPairGenerator.Generate(CourseRetriever.FullTraining.Pairs));

    private static string Squeeze(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public void No_pair_quotes_an_evaluation_question_or_its_evidence()
    {
        var pairs = Shipped.Value;
        var texts = pairs.Select(p => Squeeze(p.Query)).Concat(pairs.Select(p => Squeeze(p.Passage)).Distinct()).ToList();
        var questions = EvalSet.Dev().Concat(EvalSet.Test()).ToList();
        var evidenceSentences = questions.Where(q => q.Evidence is not null)
            .SelectMany(q => SentenceSplitter.Split(q.Evidence!).Select(s => Squeeze(s.Text))).Distinct().ToList();
        Assert.Equal(297, evidenceSentences.Count);
        foreach (var sentence in evidenceSentences)
        {
            Assert.DoesNotContain(texts, t => t.Contains(sentence, StringComparison.Ordinal));
        }
        var queries = pairs.Select(p => Squeeze(p.Query)).ToHashSet();
        Assert.DoesNotContain(questions, q => queries.Contains(Squeeze(q.Question)));
    }

    [Fact]
    public void Pairs_come_from_chunks_of_training_addresses_only()
    {
        var pairs = Shipped.Value;
        var train = CourseCorpus.Pretraining().Train.Select(a => $"{a.Year}-{a.President.Split(' ')[^1].ToLowerInvariant()}").ToHashSet();
        Assert.All(pairs.Select(p => p.ChunkId[..^4]).Distinct(), address => Assert.Contains(address, train));
        Assert.All(pairs.Select(p => int.Parse(p.ChunkId[..4])).Distinct(), year => Assert.True(year <= CourseCorpus.LastPretrainingYear));
        Assert.True(pairs.Count(p => p.Kind == RetrievalPairKind.Question) > 5_000);
        Assert.True(pairs.Count(p => p.Kind == RetrievalPairKind.InverseCloze) > 10_000);
    }

    [Fact]
    public void Questions_go_with_their_chunk_and_cloze_sentences_are_left_out_of_theirs()
    {
        var address = CourseCorpus.Pretraining().Train.First(a => a.Year == 1850);
        var chunks = Chunker.BySentences(address, CourseRetriever.ChunkWords, CourseRetriever.OverlapSentences).ToDictionary(c => c.Id);
        var pairs = RetrievalPairGenerator.Generate([address], [], [], new RetrievalPairConfig(Seed: 1, CourseRetriever.ChunkWords, CourseRetriever.OverlapSentences, ClozePerChunk: 2));
        Assert.NotEmpty(pairs);
        foreach (var pair in pairs)
        {
            var chunk = chunks[pair.ChunkId];
            if (pair.Kind == RetrievalPairKind.Question)
            {
                Assert.Equal(chunk.Text, pair.Passage);
                Assert.EndsWith("?", pair.Query);
                Assert.DoesNotContain("According to the passage", pair.Query);
            }
            else
            {
                Assert.Contains(pair.Query, chunk.Text);
                Assert.DoesNotContain(pair.Query, pair.Passage);
                Assert.Equal(Squeeze(chunk.Text.Replace(pair.Query, "")), Squeeze(pair.Passage));
            }
        }
        Assert.True(pairs.GroupBy(p => p.ChunkId).All(g => g.Count(p => p.Kind == RetrievalPairKind.InverseCloze) <= 2));
        Assert.Equal(pairs, RetrievalPairGenerator.Generate([address], [], [], new RetrievalPairConfig(Seed: 1, CourseRetriever.ChunkWords, CourseRetriever.OverlapSentences, ClozePerChunk: 2)));
    }

    [Fact]
    public void A_chunk_that_overlaps_given_evidence_gives_no_pair()
    {
        var address = CourseCorpus.Pretraining().Train.First(a => a.Year == 1850);
        var config = new RetrievalPairConfig(Seed: 1, CourseRetriever.ChunkWords, CourseRetriever.OverlapSentences);
        var before = RetrievalPairGenerator.Generate([address], [], [], config);
        var chunk = Chunker.BySentences(address, config.ChunkWords, config.OverlapSentences)
            .First(c => c.LastSentence > c.FirstSentence && before.Any(p => p.ChunkId == c.Id));
        var evidence = SentenceSplitter.Split(chunk.Text)[1].Text;
        var after = RetrievalPairGenerator.Generate([address], [], [evidence], config);
        Assert.DoesNotContain(after, p => p.ChunkId == chunk.Id);
        Assert.Equal(before.Where(p => p.ChunkId != chunk.Id).Select(p => p.ChunkId).Distinct(), after.Select(p => p.ChunkId).Distinct());
    }

    [Fact]
    public void The_config_is_checked()
    {
        Assert.Throws<ArgumentException>(() => RetrievalPairGenerator.Generate([], [], [], new RetrievalPairConfig(1, QuestionsPerChunk: 0, ClozePerChunk: 0)));
        Assert.Throws<ArgumentException>(() => RetrievalPairGenerator.Generate([], [], [], new RetrievalPairConfig(1, AddressStride: 0)));
        Assert.Throws<ArgumentNullException>(() => RetrievalPairGenerator.Generate(null!, [], [], new RetrievalPairConfig(1)));
    }
}
