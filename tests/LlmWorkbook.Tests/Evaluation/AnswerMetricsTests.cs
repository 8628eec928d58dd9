using System.Text.Json;
using LlmWorkbook.Evaluation;

namespace LlmWorkbook.Tests.Evaluation;

public sealed class AnswerMetricsTests
{
    private sealed record Vector(string Prediction, string Gold, string NormalizedPrediction, int Exact, double F1);

    // Computed by tests/reference/squad/make_vectors.py with the SQuAD 2.0 script's own functions.
    private static readonly Lazy<List<Vector>> Vectors = new(() => JsonSerializer.Deserialize<List<Vector>>(
        File.ReadAllText(Path.Combine(WorkbookPaths.Root, "tests", "reference", "squad", "vectors.json")),
        new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })!);

    [Fact]
    public void Normalization_exact_match_and_f1_match_the_squad_script()
    {
        Assert.True(Vectors.Value.Count >= 20);
        Assert.All(Vectors.Value, v =>
        {
            Assert.Equal(v.NormalizedPrediction, AnswerMetrics.Normalize(v.Prediction));
            Assert.Equal(v.Exact == 1, AnswerMetrics.ExactMatch(v.Prediction, v.Gold));
            Assert.Equal(v.F1, AnswerMetrics.F1(v.Prediction, v.Gold), 12);
        });
    }

    [Theory]
    [InlineData("The context does not say.", true)]
    [InlineData("the context does not say", true)]
    [InlineData("That is not in the corpus.", true)]
    [InlineData("The context says $5,000.", false)]
    [InlineData("the four western counties", false)]
    public void An_abstention_is_recognized_by_its_phrase(string prediction, bool abstains) =>
        Assert.Equal(abstains, AnswerMetrics.IsAbstention(prediction));

    [Fact]
    public void Unanswerable_questions_reward_abstaining_and_answerable_ones_penalize_it()
    {
        var answerable = new EvalQuestion("h1", "How large a loan?", "3,000,000 florins", 1790, "George Washington", "a loan of 3,000,000 florins", "number");
        var unanswerable = new EvalQuestion("n1", "How much did Enron lose?", EvalSet.NotInCorpus, 2001, "George W. Bush", null, "number", ["Enron"]);

        Assert.Equal((true, 1.0), AnswerMetrics.Score(answerable, "3,000,000 florins."));
        Assert.Equal((false, 0.0), AnswerMetrics.Score(answerable, "The context does not say."));
        Assert.Equal((true, 1.0), AnswerMetrics.Score(unanswerable, "The context does not say."));
        Assert.Equal((false, 0.0), AnswerMetrics.Score(unanswerable, "$60 billion"));
        Assert.Equal(2.0 / 3, AnswerMetrics.Score(answerable, "a loan of 3,000,000 florins").F1, 12); // "loan of 3000000 florins": P 2/4, R 2/2
    }
}
