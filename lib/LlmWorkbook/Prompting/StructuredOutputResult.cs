using Microsoft.Extensions.AI;

namespace LlmWorkbook.Prompting;

/// <summary>
/// What <see cref="StructuredOutput"/> got: the value of the accepted reply (default when every attempt failed), every
/// attempt with its reply and error, the total time, and the token usage of all attempts summed.
/// </summary>
public sealed record StructuredOutputResult<T>(T? Value, IReadOnlyList<StructuredOutputAttempt> Attempts, TimeSpan Elapsed, UsageDetails Usage)
{
    /// <summary>Whether the last attempt was accepted.</summary>
    public bool Succeeded => Attempts.Count > 0 && Attempts[^1].Accepted;

    /// <summary>Every rejected attempt's error, in order.</summary>
    public IReadOnlyList<string> Errors => Attempts.Where(a => a.Error is not null).Select(a => a.Error!).ToList();
}
