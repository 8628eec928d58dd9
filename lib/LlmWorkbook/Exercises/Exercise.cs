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
        if (!TryRun(exercise, answer, hint, "", out var actual))
        {
            return NotAttempted(exercise);
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
        if (!TryRun(exercise, answer, hint, "", out var actual))
        {
            return NotAttempted(exercise);
        }
        if (!isCorrect(actual))
        {
            throw new ExerciseCheckFailedException(exercise, $"{Show(actual)} is not right yet.", hint);
        }
        return new CheckResult(exercise, CheckOutcome.Passed, $"{Show(actual)} is right.");
    }

    /// <summary>
    /// Checks the learner's function on several inputs, so that an answer hard-coded for one input fails: every case
    /// must give its expected output. The first case that differs (or throws) fails the cell with the hint.
    /// </summary>
    /// <param name="exercise">The exercise's name, e.g. "04.2".</param>
    /// <param name="answer">The learner's function.</param>
    /// <param name="cases">Inputs with their expected outputs; at least two.</param>
    /// <param name="hint">What to look at when a case fails.</param>
    /// <param name="comparer">How outputs are compared (for numbers, <see cref="Within"/>); default equality if null.</param>
    public static CheckResult Check<TInput, TOutput>(
        string exercise, Func<TInput, TOutput> answer, IReadOnlyList<(TInput Input, TOutput Expected)> cases, string hint,
        IEqualityComparer<TOutput>? comparer = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(exercise);
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(cases);
        if (cases.Count < 2)
        {
            throw new ArgumentException("a check needs at least two cases, so that a hard-coded answer fails", nameof(cases));
        }
        comparer ??= EqualityComparer<TOutput>.Default;
        foreach (var (input, expected) in cases)
        {
            var context = $"for input {Show(input)}, ";
            if (!TryRun(exercise, () => answer(input), hint, context, out var actual))
            {
                return NotAttempted(exercise);
            }
            if (!comparer.Equals(actual, expected))
            {
                throw new ExerciseCheckFailedException(exercise, $"{context}expected {Show(expected)} but got {Show(actual)}.", hint);
            }
        }
        return new CheckResult(exercise, CheckOutcome.Passed, $"all {cases.Count} cases give the expected output.");
    }

    /// <summary>Compares numbers up to an absolute or relative tolerance, whichever is larger.</summary>
    public static IEqualityComparer<double> Within(double tolerance)
    {
        if (!(tolerance >= 0) || double.IsInfinity(tolerance))
        {
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "a tolerance is a finite number, zero or more");
        }
        return EqualityComparer<double>.Create(
            (a, b) => Math.Abs(a - b) <= tolerance * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b))),
            _ => 0);
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

    /// <summary>
    /// Runs the learner's code: false when it is still a stub (<see cref="NotImplementedException"/>); any other
    /// exception is a wrong answer, reported with the hint rather than as a raw exception.
    /// </summary>
    private static bool TryRun<T>(string exercise, Func<T> answer, string hint, string context, out T value)
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
        catch (Exception e) when (e is not ExerciseCheckFailedException)
        {
            throw new ExerciseCheckFailedException(exercise, $"{context}your code threw {e.GetType().Name}: {e.Message}", hint);
        }
    }

    private static CheckResult NotAttempted(string exercise) =>
        new(exercise, CheckOutcome.NotAttempted, "fill in the exercise cell above, run it, then run this check again.");

    private static string Show(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        System.Runtime.CompilerServices.ITuple tuple => "(" + string.Join(", ", Enumerable.Range(0, tuple.Length).Select(i => Show(tuple[i]))) + ")",
        System.Collections.IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Show)) + "]",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
