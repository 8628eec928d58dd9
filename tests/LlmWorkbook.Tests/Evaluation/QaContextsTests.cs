using LlmWorkbook.Evaluation;
using LlmWorkbook.Tokenization;

namespace LlmWorkbook.Tests.Evaluation;

public sealed class QaContextsTests
{
    private static readonly Lazy<IReadOnlyList<QaItem>> Items = new(() => QaContexts.For(EvalSet.Dev().Concat(EvalSet.Test())));

    private static int Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    [Fact]
    public void An_answerable_context_holds_its_evidence_and_answer_within_the_word_limit()
    {
        var answerable = Items.Value.Where(i => i.Question.Answerable).ToList();
        Assert.NotEmpty(answerable);
        Assert.All(answerable, item =>
        {
            Assert.Contains(item.Question.Evidence!, item.Context);
            Assert.Contains(item.Question.Answer, item.Context);
            Assert.True(Words(item.Context) <= Math.Max(QaContexts.MaxWords, Words(item.Question.Evidence!)), $"{item.Question.Id}: {Words(item.Context)} words");
        });
        Assert.InRange(answerable.Average(i => Words(i.Context)), QaContexts.TargetWords * 0.8, QaContexts.MaxWords);
    }

    [Fact]
    public void An_unanswerable_context_is_a_passage_of_its_address_without_the_missing_terms()
    {
        var addresses = CourseCorpus.LoadAllAddresses();
        var unanswerable = Items.Value.Where(i => !i.Question.Answerable).ToList();
        Assert.NotEmpty(unanswerable);
        Assert.All(unanswerable, item =>
        {
            Assert.InRange(Words(item.Context), 10, QaContexts.MaxWords);
            Assert.Contains(addresses, a => a.Text.Contains(item.Context[..40], StringComparison.Ordinal));
            Assert.All(item.Question.AbsentTerms!, term => Assert.DoesNotContain(term, item.Context, StringComparison.OrdinalIgnoreCase));
        });
    }

    [Fact]
    public void Contexts_are_the_same_on_every_run() =>
        Assert.Equal(Items.Value.Select(i => i.Context), QaContexts.For(EvalSet.Dev().Concat(EvalSet.Test())).Select(i => i.Context));
}
