namespace LlmWorkbook;

/// <summary>
/// How big the heavy cells run: <c>ci</c> (the default: minutes on a 2-core laptop, what CI runs) or <c>full</c>
/// (the settings behind the shipped checkpoints). Set with the environment variable WORKBOOK_PROFILE.
/// </summary>
public static class WorkbookProfile
{
    public static bool IsFull => Name == "full";

    public static string Name
    {
        get
        {
            var value = Environment.GetEnvironmentVariable("WORKBOOK_PROFILE")?.Trim().ToLowerInvariant();
            return value switch
            {
                null or "" or "ci" => "ci",
                "full" => "full",
                _ => throw new ArgumentException($"WORKBOOK_PROFILE is '{value}'; use 'ci' (default) or 'full'."),
            };
        }
    }

    /// <summary>Picks the CI-sized or the full value of a setting.</summary>
    public static T Pick<T>(T ci, T full) => IsFull ? full : ci;
}
