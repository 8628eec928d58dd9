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
    public void An_answer_that_throws_gets_the_hint_not_a_raw_exception()
    {
        var failure = Assert.Throws<ExerciseCheckFailedException>(() => Exercise.Check("z", () => 1 / int.Parse("0"), 1, "divide by the count"));
        Assert.Contains("threw DivideByZeroException", failure.Detail);
        Assert.Equal("divide by the count", failure.Hint);
        Assert.Throws<ExerciseCheckFailedException>(() => Exercise.Check<int[]>("p", () => throw new InvalidOperationException("no"), a => a.Length == 3, "three"));
        var inCase = Assert.Throws<ExerciseCheckFailedException>(() => Exercise.Check("c", (int n) => 10 / n, [(5, 2), (0, 0)], "mind zero"));
        Assert.Contains("for input 0, your code threw DivideByZeroException", inCase.Detail);
    }

    [Fact]
    public void A_check_on_several_inputs_passes_a_right_function()
    {
        var result = Exercise.Check("01.1", (int n) => n * n, [(2, 4), (3, 9), (-4, 16)], "square it");
        Assert.Equal(CheckOutcome.Passed, result.Outcome);
        Assert.Contains("all 3 cases", result.Message);
    }

    [Fact]
    public void A_check_on_several_inputs_fails_an_answer_hard_coded_for_one_of_them()
    {
        var failure = Assert.Throws<ExerciseCheckFailedException>(() => Exercise.Check("04.2", (int vocab) => 4096.0, [(4096, 4096.0), (50257, 50257.0)], "use the argument"));
        Assert.Contains("for input 50257, expected 50257 but got 4096", failure.Detail);
    }

    [Fact]
    public void A_check_on_several_inputs_reports_a_stub_as_not_attempted_and_needs_two_cases()
    {
        Assert.Equal(CheckOutcome.NotAttempted, Exercise.Check("x", (int n) => Exercise.Todo<int>(), [(1, 1), (2, 2)], "h").Outcome);
        Assert.Throws<ArgumentException>(() => Exercise.Check("x", (int n) => n, [(1, 1)], "h"));
    }

    [Fact]
    public void Failures_show_tuples_and_arrays_by_their_contents()
    {
        var failure = Assert.Throws<ExerciseCheckFailedException>(() => Exercise.Check("t", (int[] w) => (w, w),
            [([1, 2], ([1, 2], [1, 2])), ([3, 4], ([3], [4]))], "h",
            EqualityComparer<(int[], int[])>.Create((a, b) => a.Item1.SequenceEqual(b.Item1) && a.Item2.SequenceEqual(b.Item2), _ => 0)));
        Assert.Equal("for input [3, 4], expected ([3], [4]) but got ([3, 4], [3, 4]).", failure.Detail);
    }

    [Fact]
    public void Within_compares_numbers_up_to_a_tolerance()
    {
        var close = Exercise.Within(1e-6);
        Assert.True(close.Equals(1.0, 1.0 + 1e-7));
        Assert.False(close.Equals(1.0, 1.0 + 1e-5));
        Assert.True(close.Equals(1e9, 1e9 + 100)); // relative for large values
        Assert.Equal(CheckOutcome.Passed, Exercise.Check("e", (double x) => Math.Exp(x), [(0.0, 1.0), (1.0, 2.718281828)], "exp", Exercise.Within(1e-9)).Outcome);
        Assert.Throws<ArgumentOutOfRangeException>(() => Exercise.Within(double.NaN));
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
