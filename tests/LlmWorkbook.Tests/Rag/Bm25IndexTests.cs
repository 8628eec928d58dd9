using System.Text.Json;
using LlmWorkbook.Rag;

namespace LlmWorkbook.Tests.Rag;

public sealed class Bm25IndexTests
{
    private sealed record Document(string Id, string Text);
    private sealed record Result(string Id, double Score);
    private sealed record Case(double K1, double B, string Query, List<Result> Results);
    private sealed record Vectors(List<Document> Documents, List<Case> Cases);

    // Computed by tests/reference/bm25/make_vectors.py, written apart from the C# code to Lucene's BM25 formulas.
    private static readonly Lazy<Vectors> Reference = new(() => JsonSerializer.Deserialize<Vectors>(
        File.ReadAllText(Path.Combine(WorkbookPaths.Root, "tests", "reference", "bm25", "vectors.json")),
        new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })!);

    [Fact]
    public void Scores_and_rankings_match_the_reference_for_several_k1_and_b()
    {
        var reference = Reference.Value;
        Assert.True(reference.Cases.Count >= 18);
        foreach (var group in reference.Cases.GroupBy(c => (c.K1, c.B)))
        {
            var index = new Bm25Index(reference.Documents.Select(d => (d.Id, d.Text)), group.Key.K1, group.Key.B);
            foreach (var c in group)
            {
                var results = index.Search(c.Query, top: 10);
                Assert.Equal(c.Results.Select(r => r.Id), results.Select(r => r.Id));
                Assert.All(c.Results.Zip(results), pair => Assert.Equal(pair.First.Score, pair.Second.Score, 12));
            }
        }
    }

    [Fact]
    public void Analysis_lower_cases_splits_on_punctuation_and_drops_stop_words() =>
        Assert.Equal(["loan", "3", "000", "000", "florins", "holland"], Bm25Index.Analyze("The loan of 3,000,000 florins, in Holland!"));

    [Fact]
    public void Top_limits_the_results_and_bad_arguments_are_refused()
    {
        var index = new Bm25Index(Reference.Value.Documents.Select(d => (d.Id, d.Text)));
        Assert.Single(index.Search("loan", top: 1));
        Assert.Empty(index.Search("the and of", top: 5));
        Assert.Throws<ArgumentException>(() => new Bm25Index([("a", "x"), ("a", "y")]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Bm25Index([("a", "x")], b: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Bm25Index([("a", "x")], scoring: (Bm25Scoring)2));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Search("loan", top: 0));
    }
}
