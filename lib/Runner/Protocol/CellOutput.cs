using System.Text.Json.Serialization;

namespace LlmWorkbook.Runner.Protocol;

/// <summary>
/// One output of a code cell, in the three shapes VS Code saves: <see cref="StreamOutput"/> (console text),
/// <see cref="DisplayOutput"/> (a value or a display call) and <see cref="ErrorOutput"/> (a failure).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(StreamOutput), "stream")]
[JsonDerivedType(typeof(DisplayOutput), "display")]
[JsonDerivedType(typeof(ErrorOutput), "error")]
public abstract record CellOutput
{
    // Closed: only the three output shapes of this assembly derive from it.
    private protected CellOutput()
    {
    }

    /// <summary>Plain text of the output, for progress lines and test assertions.</summary>
    [JsonIgnore]
    public abstract string PlainText { get; }
}
