using LlmWorkbook.Evaluation;

namespace LlmWorkbook.Tests.Evaluation;

public sealed class QaScoresTests
{
    private static QaItem Item(string id, string answer, bool answerable) => new(
        new EvalQuestion(id, "Q?", answerable ? answer : EvalSet.NotInCorpus, 1800, "John Adams", answerable ? "… " + answer + " …" : null, "fact"), "context");

    [Fact]
    public void Scores_average_squad_f1_and_count_abstentions_against_answerability()
    {
        var predictions = new List<QaPrediction>
        {
            QaEvaluation.Score(Item("a", "the Army", true), "the Army", "the Army", 2),                               // exact
            QaEvaluation.Score(Item("b", "four western counties", true), "western counties", "western counties", 2),  // F1 0.8
            QaEvaluation.Score(Item("c", "Holland", true), "The context does not say.", "The context does not say.", 6), // wrong abstention
            QaEvaluation.Score(Item("d", "", false), "The context does not say.", "The context does not say.", 6),     // right abstention
        };

        var scores = QaScores.Of(predictions);

        Assert.Equal(4, scores.Count);
        Assert.Equal(0.5, scores.Exact, 12);
        Assert.Equal((1 + 0.8 + 0 + 1) / 4, scores.F1, 12);
        Assert.Equal((1 + 0.8 + 0) / 3, scores.AnswerableF1, 12);
        Assert.Equal(0.75, scores.AbstainAccuracy, 12);
        Assert.Throws<ArgumentException>(() => QaScores.Of([]));
    }
}
