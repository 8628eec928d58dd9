using System.Net;
using Microsoft.AspNetCore.Html;

namespace LlmWorkbook.Exercises;

/// <summary>
/// What a check found. <see cref="Failed"/> is only shown by <see cref="Exercise.ShowFailure"/>: a check on a
/// learner's wrong answer throws instead, so the cell fails.
/// </summary>
public enum CheckOutcome { Passed, NotAttempted, Failed }

/// <summary>What a check found, with the hint when it failed. Renders as a coloured line in the notebook.</summary>
public sealed record CheckResult(string Exercise, CheckOutcome Outcome, string Message, string? Hint = null) : IHtmlContent
{
    public void WriteTo(TextWriter writer, System.Text.Encodings.Web.HtmlEncoder encoder)
    {
        var (colour, mark) = Outcome switch
        {
            CheckOutcome.Passed => ("#1a7f37", "✔ pass"),
            CheckOutcome.Failed => ("#cf222e", "✘ fail"),
            _ => ("#9a6700", "… not attempted yet"),
        };
        var hint = Hint is null ? "" : $"<br><i>Hint:</i> {WebUtility.HtmlEncode(Hint)}";
        writer.Write($"<div data-exercise=\"{WebUtility.HtmlEncode(Exercise)}\" data-exercise-outcome=\"{Outcome.ToString().ToLowerInvariant()}\" " +
                     $"style=\"border-left:4px solid {colour};padding:4px 8px\"><b style=\"color:{colour}\">{mark}</b> " +
                     $"<b>{WebUtility.HtmlEncode(Exercise)}</b> — {WebUtility.HtmlEncode(Message)}{hint}</div>");
    }

    public override string ToString() =>
        $"{Outcome switch { CheckOutcome.Passed => "PASS", CheckOutcome.Failed => "FAIL", _ => "NOT ATTEMPTED" }}: {Exercise} — {Message}" +
        (Hint is null ? "" : $"\nHint: {Hint}");
}

/// <summary>Thrown by a check when the learner's answer is wrong, so the cell fails visibly with the hint.</summary>
public sealed class ExerciseCheckFailedException(string exercise, string detail, string hint)
    : Exception($"✘ {exercise}: {detail}\nHint: {hint}")
{
    public string Exercise { get; } = exercise;

    /// <summary>What was wrong, without the exercise name and the hint.</summary>
    public string Detail { get; } = detail;

    public string Hint { get; } = hint;
}

/// <summary>Marks an exercise stub that the learner has not filled in yet.</summary>
public sealed class ExerciseNotAttemptedException() : NotImplementedException("This exercise is waiting for your answer.");

/// <summary>
/// The exercise mechanism. An exercise cell holds a stub that calls <see cref="Todo{T}"/> (or throws
/// <see cref="NotImplementedException"/>); its check cell calls one of the Check methods, which reports
/// pass, not attempted yet (the stub still throws: the run goes on), or fails the cell with a hint.
/// </summary>
public static class Exercise
{
    /// <summary>Placeholder for a learner's answer: <c>int Answer() => Exercise.Todo&lt;int&gt;();</c></summary>
    public static T Todo<T>() => throw new ExerciseNotAttemptedException();

    /// <summary>Checks that <paramref name="answer"/> produces <paramref name="expected"/>.</summary>
    public static CheckResult Check<T>(string exercise, Func<T> answer, T expected, string hint, IEqualityComparer<T>? comparer = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(exercise);
        ArgumentNullException.ThrowIfNull(answer);
        if (!TryRun(answer, out var actual))
        {
            return new CheckResult(exercise, CheckOutcome.NotAttempted, "fill in the exercise cell above, run it, then run this check again.");
        }
        if (!(comparer ?? EqualityComparer<T>.Default).Equals(actual, expected))
        {
            throw new ExerciseCheckFailedException(exercise, $"expected {Show(expected)} but got {Show(actual)}.", hint);
        }
        return new CheckResult(exercise, CheckOutcome.Passed, $"got {Show(actual)} as expected.");
    }

    /// <summary>Checks a property of the learner's answer that has no single expected value.</summary>
    public static CheckResult Check<T>(string exercise, Func<T> answer, Func<T, bool> isCorrect, string hint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(exercise);
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(isCorrect);
        if (!TryRun(answer, out var actual))
        {
            return new CheckResult(exercise, CheckOutcome.NotAttempted, "fill in the exercise cell above, run it, then run this check again.");
        }
        if (!isCorrect(actual))
        {
            throw new ExerciseCheckFailedException(exercise, $"{Show(actual)} is not right yet.", hint);
        }
        return new CheckResult(exercise, CheckOutcome.Passed, $"{Show(actual)} is right.");
    }

    /// <summary>
    /// Runs a check that is meant to fail and shows the failure (what was wrong and the hint) without failing the cell,
    /// to show learners what a wrong answer looks like: <c>Exercise.ShowFailure(() =&gt; Exercise.Check(...))</c>.
    /// A check that does not fail is itself an error.
    /// </summary>
    public static CheckResult ShowFailure(Func<CheckResult> check)
    {
        ArgumentNullException.ThrowIfNull(check);
        CheckResult result;
        try
        {
            result = check();
        }
        catch (ExerciseCheckFailedException failure)
        {
            return new CheckResult(failure.Exercise, CheckOutcome.Failed, failure.Detail, failure.Hint);
        }
        throw new InvalidOperationException($"ShowFailure expected the check to fail, but it reported: {result}");
    }

    private static bool TryRun<T>(Func<T> answer, out T value)
    {
        try
        {
            value = answer();
            return true;
        }
        catch (NotImplementedException)
        {
            value = default!;
            return false;
        }
    }

    private static string Show<T>(T value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        System.Collections.IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(i => i?.ToString() ?? "null")) + "]",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
