using System.Text.Json;
using LlmWorkbook.Evaluation;

namespace LlmWorkbook.Tests.Evaluation;

public sealed class RetrievalMetricsTests
{
    private sealed record Vector(List<string> Ranking, Dictionary<string, int> Grades, int K, double Precision, double Recall, double ReciprocalRank, double Ndcg);

    // Computed by tests/reference/trec/make_vectors.py, written apart from the C# code to trec_eval's definitions.
    private static readonly Lazy<List<Vector>> Vectors = new(() => JsonSerializer.Deserialize<List<Vector>>(
        File.ReadAllText(Path.Combine(WorkbookPaths.Root, "tests", "reference", "trec", "vectors.json")),
        new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })!);

    [Fact]
    public void The_metrics_match_the_reference_vectors()
    {
        Assert.True(Vectors.Value.Count >= 9);
        Assert.All(Vectors.Value, v =>
        {
            Assert.Equal(v.Precision, RetrievalMetrics.PrecisionAt(v.Ranking, v.Grades, v.K), 12);
            Assert.Equal(v.Recall, RetrievalMetrics.RecallAt(v.Ranking, v.Grades, v.K), 12);
            Assert.Equal(v.ReciprocalRank, RetrievalMetrics.ReciprocalRank(v.Ranking, v.Grades), 12);
            Assert.Equal(v.Ndcg, RetrievalMetrics.NdcgAt(v.Ranking, v.Grades, v.K), 12);
        });
    }

    [Fact]
    public void Known_values_by_hand()
    {
        var grades = new Dictionary<string, int> { ["d1"] = 1, ["d2"] = 1 };
        string[] ranking = ["d3", "d1", "d7", "d2"];
        Assert.Equal(1.0 / 3, RetrievalMetrics.PrecisionAt(ranking, grades, 3), 12);
        Assert.Equal(0.5, RetrievalMetrics.RecallAt(ranking, grades, 3), 12);
        Assert.Equal(0.5, RetrievalMetrics.ReciprocalRank(ranking, grades), 12);
        // DCG = 1/log2(3) + 1/log2(5); ideal = 1 + 1/log2(3).
        Assert.Equal((1 / Math.Log2(3) + 1 / Math.Log2(5)) / (1 + 1 / Math.Log2(3)), RetrievalMetrics.NdcgAt(ranking, grades, 4), 12);
    }

    [Fact]
    public void Bad_arguments_are_named()
    {
        var grades = new Dictionary<string, int> { ["d1"] = 1 };
        Assert.Throws<ArgumentOutOfRangeException>(() => RetrievalMetrics.PrecisionAt(["d1"], grades, 0));
        Assert.Throws<ArgumentException>(() => RetrievalMetrics.RecallAt(["d1"], new Dictionary<string, int>(), 1));
        Assert.Throws<ArgumentException>(() => RetrievalMetrics.NdcgAt(["d1"], new Dictionary<string, int> { ["d1"] = -1 }, 1));
    }
}
