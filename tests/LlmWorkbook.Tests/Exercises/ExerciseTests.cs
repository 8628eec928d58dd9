using LlmWorkbook.Exercises;

namespace LlmWorkbook.Tests.Exercises;

public sealed class ExerciseTests
{
    [Fact]
    public void A_right_answer_passes()
    {
        var result = Exercise.Check("00.1 squares", () => 3 * 3, 9, hint: "multiply");
        Assert.Equal(CheckOutcome.Passed, result.Outcome);
        Assert.Contains("data-exercise-outcome=\"passed\"", Html(result));
    }

    [Fact]
    public void An_untouched_stub_is_not_attempted_and_does_not_throw()
    {
        var result = Exercise.Check("00.1 squares", () => Exercise.Todo<int>(), 9, hint: "multiply");
        Assert.Equal(CheckOutcome.NotAttempted, result.Outcome);
        Assert.Contains("data-exercise-outcome=\"notattempted\"", Html(result));
        Assert.Equal(CheckOutcome.NotAttempted, Exercise.Check<int>("x", () => throw new NotImplementedException(), 1, "h").Outcome);
    }

    [Fact]
    public void A_wrong_answer_fails_with_the_hint()
    {
        var failure = Assert.Throws<ExerciseCheckFailedException>(() => Exercise.Check("00.1 squares", () => 8, 9, hint: "3 times 3"));
        Assert.Contains("expected 9 but got 8", failure.Message);
        Assert.Contains("Hint: 3 times 3", failure.Message);
        Assert.Throws<ExerciseCheckFailedException>(() => Exercise.Check("p", () => new[] { 1, 2 }, a => a.Length == 3, "three"));
    }

    [Fact]
    public void Other_exceptions_from_the_answer_are_not_mistaken_for_an_unattempted_exercise()
    {
        Assert.Throws<DivideByZeroException>(() => Exercise.Check("z", () => 1 / int.Parse("0"), 1, "h"));
    }

    [Fact]
    public void ShowFailure_shows_a_failing_check_with_its_hint_without_throwing()
    {
        var result = Exercise.ShowFailure(() => Exercise.Check("00.0 wrong on purpose", () => 2 + 2, 5, hint: "This <one> fails on purpose."));
        Assert.Equal(CheckOutcome.Failed, result.Outcome);
        Assert.Equal("00.0 wrong on purpose", result.Exercise);
        Assert.Equal("expected 5 but got 4.", result.Message);
        var html = Html(result);
        Assert.Contains("data-exercise-outcome=\"failed\"", html);
        Assert.Contains("✘ fail", html);
        Assert.Contains("expected 5 but got 4.", html);
        Assert.Contains("This &lt;one&gt; fails on purpose.", html);
        Assert.Contains("Hint: This <one> fails on purpose.", result.ToString());
    }

    [Fact]
    public void ShowFailure_refuses_a_check_that_passes_or_is_not_attempted()
    {
        Assert.Throws<InvalidOperationException>(() => Exercise.ShowFailure(() => Exercise.Check("p", () => 4, 4, "h")));
        Assert.Throws<InvalidOperationException>(() => Exercise.ShowFailure(() => Exercise.Check("n", () => Exercise.Todo<int>(), 4, "h")));
    }

    private static string Html(CheckResult result)
    {
        using var writer = new StringWriter();
        result.WriteTo(writer, System.Text.Encodings.Web.HtmlEncoder.Default);
        return writer.ToString();
    }
}
