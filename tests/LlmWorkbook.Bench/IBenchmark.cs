namespace LlmWorkbook.Bench;

/// <summary>One named benchmark. Its metrics land in artifacts/bench/{Name}.json; goals are checked and printed.</summary>
public interface IBenchmark
{
    string Name { get; }

    /// <summary>Goals as metric name → (comparison, bound), e.g. ("mfu", Goal.AtLeast(0.30)).</summary>
    IReadOnlyDictionary<string, Goal> Goals { get; }

    Task<IReadOnlyDictionary<string, double>> RunAsync(CancellationToken cancellationToken);
}

public sealed record Goal(bool HigherIsBetter, double Bound)
{
    public static Goal AtLeast(double bound) => new(true, bound);
    public static Goal AtMost(double bound) => new(false, bound);
    public bool IsMet(double value) => HigherIsBetter ? value >= Bound : value <= Bound;
    public override string ToString() => (HigherIsBetter ? "≥ " : "≤ ") + Bound.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
