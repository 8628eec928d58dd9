namespace LlmWorkbook.Runner.Execution;

/// <summary>
/// Why a kernel process died, read from the end of its stderr: the .NET runtime prints the message of
/// <c>Environment.FailFast</c> after "Process terminated." and, for a stack overflow, "Stack overflow." followed by
/// the repeated frames. Otherwise the last lines of stderr say what they can.
/// </summary>
internal static class KernelCrash
{
    private const int MaxLines = 20;

    /// <summary>The cause, starting with a newline, or "" when stderr is empty.</summary>
    public static string Describe(string stderr)
    {
        var lines = stderr.Replace("\r\n", "\n").Trim().Split('\n');
        if (lines is [""])
        {
            return "";
        }
        var overflow = Array.FindLastIndex(lines, l => l.Trim() == "Stack overflow.");
        if (overflow >= 0)
        {
            var frames = lines.Skip(overflow + 1).Where(l => !IsFrame(l) || IsCellFrame(l)).Take(MaxLines);
            return "\nstack overflow:\n" + string.Join("\n", frames);
        }
        var terminated = Array.FindLastIndex(lines, l => l.Trim() == "Process terminated.");
        if (terminated >= 0)
        {
            var message = lines.Skip(terminated + 1).TakeWhile(l => !IsFrame(l));
            var frames = lines.Skip(terminated + 1).Where(IsCellFrame).Take(MaxLines);
            return $"\nEnvironment.FailFast: {string.Join("\n", message).Trim()}\n{string.Join("\n", frames)}".TrimEnd();
        }
        return "\n" + string.Join("\n", lines.TakeLast(15));
    }

    private static bool IsFrame(string line) => line.TrimStart().StartsWith("at ", StringComparison.Ordinal);

    // The learner's code: Roslyn compiles each submission into a type named Submission#N.
    private static bool IsCellFrame(string line) => IsFrame(line) && line.Contains("Submission#", StringComparison.Ordinal);
}
