using LlmWorkbook.Evaluation;

namespace LlmWorkbook.Tests.Evaluation;

public sealed class LexicalBaselineTests
{
    private const string Context =
        "The Treasury paid the debt. A loan of 3,000,000 florins was completed in Holland. The Army was increased.";

    [Fact]
    public void It_answers_with_the_sentence_sharing_the_most_content_words()
    {
        Assert.Equal("A loan of 3,000,000 florins was completed in Holland.", LexicalBaseline.Answer(Context, "How large a loan was completed in Holland?"));
        Assert.Equal("The Army was increased.", LexicalBaseline.Answer(Context, "What happened to the Army?"));
    }

    [Fact]
    public void A_tie_goes_to_the_first_sentence_and_it_never_abstains()
    {
        Assert.Equal("The Treasury paid the debt.", LexicalBaseline.Answer(Context, "What did Enron lose?"));
        Assert.False(AnswerMetrics.IsAbstention(LexicalBaseline.Answer(Context, "Who won in 2050?")));
    }

    [Fact]
    public void Content_words_are_lower_case_without_stop_words() =>
        Assert.Equal(["loan", "3", "000", "florins", "holland"], LexicalBaseline.ContentWords("Was the loan of 3,000 florins in Holland?"));
}
