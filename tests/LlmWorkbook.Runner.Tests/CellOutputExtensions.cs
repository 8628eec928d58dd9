using LlmWorkbook.Runner.Protocol;

namespace LlmWorkbook.Runner.Tests;

/// <summary>Asserts an output's shape and returns it typed.</summary>
internal static class CellOutputExtensions
{
    public static DisplayOutput AsDisplay(this CellOutput output) => Assert.IsType<DisplayOutput>(output);

    public static StreamOutput AsStream(this CellOutput output) => Assert.IsType<StreamOutput>(output);

    public static ErrorOutput AsError(this CellOutput output) => Assert.IsType<ErrorOutput>(output);
}
