using Lucene.Net.Search.Similarities;
using LlmWorkbook.Evaluation;
using LlmWorkbook.Rag;
using LlmWorkbook.Tokenization;
using Xunit.Abstractions;

namespace LlmWorkbook.Tests.Rag;

/// <summary>Bm25Index against Lucene.Net 4.8's BM25Similarity on the same analyzed documents.</summary>
public sealed class Bm25IndexLuceneTests(ITestOutputHelper output)
{
    // The sentence chunks (120 words, one sentence of overlap) of addresses from eight years from 1801 to 2021: 733 chunks.
    private static readonly Lazy<List<(string Id, string Text)>> CorpusChunks = new(() => [.. CourseCorpus.LoadAllAddresses()
        .Where(a => a.Year is 1801 or 1862 or 1901 or 1941 or 1982 or 2002 or 2009 or 2021)
        .SelectMany(a => Chunker.BySentences(a, maxWords: 120, overlapSentences: 1))
        .Select(c => (c.Id, c.Text))]);

    private static readonly Lazy<List<string>> DevQuestions = new(() => [.. EvalSet.Dev().Select(q => q.Question)]);

    private static readonly (string Id, string Text)[] EdgeDocuments =
    [
        ("one-word", "apple"),
        ("repeats", "apple apple banana common"),
        ("stop-words-around", "The banana and the cherry of an apple common"),
        ("other-one-word", "cherry"),
        ("only-stop-words", "the of and"),
        ("empty", ""),
        ("long", string.Join(' ', Enumerable.Range(0, 300).Select(i => $"word{i % 37}")) + " apple banana common"),
        ("mixed", "Apple, APPLE! banana-cherry common common"),
    ];

    private static readonly (string Id, string Text)[] TermInEveryDocument =
        [("x", "common apple"), ("y", "common"), ("z", "common banana banana"), ("w", "Common cherry, common apple.")];

    private static readonly string[] EdgeQueries =
    [
        "apple", "apple apple", "apple apple apple banana", "common", "common apple", "banana cherry", "cherry cherry",
        "missing", "missing apple", "the", "Apple, APPLE!", "word3 word3 apple",
    ];

    public static TheoryData<double, double> Settings => new() { { 1.2, 0.75 }, { 0.0, 0.75 }, { 1.2, 0.0 }, { 1.2, 1.0 }, { 2.0, 0.3 } };

    [Fact]
    public void The_lucene_one_byte_length_is_what_lucene_decodes_from_its_norm()
    {
        var lucene = new NormCodec();
        foreach (var length in Enumerable.Range(0, 200_001).Concat([1 << 24, 123_456_789, int.MaxValue]))
        {
            Assert.Equal(lucene.StoredLength(length), Bm25Index.LuceneOneByteLength(length));
        }
        Assert.Equal([1.0, 2.56f, 4.0, 4.0, 113.77778f, 163.84f], [.. new[] { 1, 2, 3, 4, 100, 120 }.Select(Bm25Index.LuceneOneByteLength)]);
    }

    [Fact]
    public void The_equivalent_analyzer_makes_our_terms_of_every_chunk_and_of_odd_text()
    {
        using var lucene = LuceneBm25.WithEquivalentAnalyzer([]);
        string[] odd = ["The loan of 3,000,000 florins", "naïve CAFÉ Ünïcödé İstanbul ΣΟΦΙΑ", "𝐀bc x𝐀y ½ 12th", "snake_case a-b c'd", ""];
        foreach (var text in CorpusChunks.Value.Select(c => c.Text).Concat(odd))
        {
            Assert.Equal(Bm25Index.Analyze(text), lucene.Terms(text));
        }
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void With_lucene48_scoring_the_scores_and_top_10_equal_lucenes_on_corpus_chunks(double k1, double b)
    {
        Assert.Equal(733, CorpusChunks.Value.Count);
        var ours = new Bm25Index(CorpusChunks.Value, k1, b, Bm25Scoring.Lucene48);
        using var overOurTerms = LuceneBm25.OverOurTerms(CorpusChunks.Value, (float)k1, (float)b);
        using var withAnalyzer = LuceneBm25.WithEquivalentAnalyzer(CorpusChunks.Value, (float)k1, (float)b);
        Assert.Equal(CorpusChunks.Value.Select(c => c.Id), withAnalyzer.Ids);
        var full = 0;
        foreach (var query in DevQuestions.Value)
        {
            var expected = ours.Search(query, top: 10);
            AssertSameHits(expected, overOurTerms.Search(query, top: 10), query);
            AssertSameHits(expected, withAnalyzer.Search(query, top: 10), query);
            full += expected.Count == 10 ? 1 : 0;
        }
        Assert.Equal(DevQuestions.Value.Count, full);
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void With_lucene48_scoring_the_scores_and_rankings_equal_lucenes_on_edge_cases(double k1, double b)
    {
        foreach (var documents in new[] { EdgeDocuments, TermInEveryDocument })
        {
            var ours = new Bm25Index(documents, k1, b, Bm25Scoring.Lucene48);
            using var lucene = LuceneBm25.WithEquivalentAnalyzer(documents, (float)k1, (float)b);
            foreach (var query in EdgeQueries)
            {
                AssertSameHits(ours.Search(query, top: 10), lucene.Search(query, top: 10), query);
            }
            // A repeated query term counts again, in both.
            var once = ours.Search("apple", top: 1)[0];
            Assert.Equal(2 * once.Score, ours.Search("apple apple", top: 1)[0].Score, 12);
        }
        Assert.Equal(4, new Bm25Index(TermInEveryDocument).Search("common", top: 10).Count);
    }

    [Fact]
    public void With_exact_lengths_the_scores_differ_from_lucenes_and_so_do_rankings()
    {
        var exact = new Bm25Index(CorpusChunks.Value);
        using var lucene = LuceneBm25.WithEquivalentAnalyzer(CorpusChunks.Value);
        var (differentOrder, differentSet, sameFirst, shared, largestDifference) = (0, 0, 0, 0, 0.0);
        foreach (var query in DevQuestions.Value)
        {
            var luceneIds = lucene.Search(query, top: 10).Select(h => h.Id).ToList();
            var exactHits = exact.Search(query, top: exact.Count);
            var exactIds = exactHits.Take(10).Select(h => h.Id).ToList();
            differentOrder += exactIds.SequenceEqual(luceneIds) ? 0 : 1;
            differentSet += exactIds.ToHashSet().SetEquals(luceneIds) ? 0 : 1;
            sameFirst += exactIds[0] == luceneIds[0] ? 1 : 0;
            shared += exactIds.Intersect(luceneIds).Count();
            var exactScores = exactHits.ToDictionary(h => h.Id, h => h.Score);
            largestDifference = Math.Max(largestDifference, lucene.Search(query, top: 10).Max(h => Math.Abs(exactScores[h.Id] - h.Score) / h.Score));
        }
        var count = DevQuestions.Value.Count;
        output.WriteLine($"exact lengths vs Lucene on {count} dev questions over {CorpusChunks.Value.Count} chunks: top 10 in another order "
            + $"{differentOrder}, another set {differentSet}, same first hit {sameFirst}, mean shared of 10 {(double)shared / count:0.##}; "
            + $"largest relative score difference {largestDifference:0.####}");
        Assert.True(largestDifference > 0.01, $"largest relative difference {largestDifference}");
        Assert.True(differentOrder > 0);
    }

    private static void AssertSameHits(IReadOnlyList<(string Id, double Score)> ours, IReadOnlyList<(string Id, float Score)> lucene, string query)
    {
        Assert.True(ours.Select(h => h.Id).SequenceEqual(lucene.Select(h => h.Id)),
            $"'{query}': ours {string.Join(", ", ours)} vs Lucene {string.Join(", ", lucene)}");
        // Lucene48 reproduces Lucene's float arithmetic, so the scores are the same floats, not merely close ones.
        foreach (var (mine, theirs) in ours.Zip(lucene))
        {
            Assert.True(mine.Score == theirs.Score, $"'{query}', {mine.Id}: ours {mine.Score:R} vs Lucene {theirs.Score:R}");
        }
    }

    // Lucene's own norm encoding and decoding, reached through the members it leaves to subclasses.
    private sealed class NormCodec : BM25Similarity
    {
        public double StoredLength(int length) => DecodeNormValue(EncodeNormValue(1f, length));
    }
}
