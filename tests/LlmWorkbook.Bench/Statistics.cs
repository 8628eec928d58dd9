namespace LlmWorkbook.Bench;

/// <summary>Summaries of repeated timings.</summary>
internal static class Statistics
{
    /// <summary>The middle value, or the mean of the two middle values of an even count.</summary>
    public static double Median(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
