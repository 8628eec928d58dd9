using System.Text.Json.Serialization;

namespace LlmWorkbook.Runner.Notebooks;

/// <summary>One output of a code cell, in the three shapes VS Code saves: stream, display_data, error.</summary>
public sealed record CellOutput
{
    public required string OutputType { get; init; }

    /// <summary>stdout or stderr, for a stream.</summary>
    public string? StreamName { get; init; }

    /// <summary>The text of a stream.</summary>
    public string? Text { get; init; }

    /// <summary>MIME type → formatted value, for display_data.</summary>
    public Dictionary<string, string>? Data { get; init; }

    /// <summary>Lets a later DisplayedValue.Update replace this output in place.</summary>
    public string? DisplayId { get; init; }

    /// <summary>The error text, for an error.</summary>
    public string? ErrorValue { get; init; }

    public static CellOutput Stream(string name, string text) => new() { OutputType = "stream", StreamName = name, Text = text };

    public static CellOutput Display(Dictionary<string, string> data, string? displayId = null) =>
        new() { OutputType = "display_data", Data = data, DisplayId = displayId };

    public static CellOutput Error(string text) => new() { OutputType = "error", ErrorValue = text };

    /// <summary>Plain text of the output, for progress lines and test assertions.</summary>
    [JsonIgnore]
    public string PlainText => OutputType switch
    {
        "stream" => Text ?? "",
        "error" => ErrorValue ?? "",
        _ => Data is null ? "" : Data.TryGetValue("text/plain", out var plain) ? plain : string.Join("\n", Data.Values),
    };
}
