using LlmWorkbook.Runner.Protocol;

namespace LlmWorkbook.Runner.Kernel;

/// <summary>Where display calls and console writes of the running cell go: set by the kernel host for each cell.</summary>
internal static class KernelOutputChannel
{
    internal static Action<CellOutput>? OnOutput { get; set; }

    internal static Action<string, IReadOnlyDictionary<string, string>>? OnUpdate { get; set; }

    /// <summary>Flushes buffered console text first so outputs keep the order in which the cell produced them.</summary>
    internal static Action? BeforeDisplay { get; set; }

    internal static void Display(string displayId, Dictionary<string, string> data)
    {
        BeforeDisplay?.Invoke();
        OnOutput?.Invoke(new DisplayOutput(data, displayId));
    }

    internal static void UpdateDisplay(string displayId, Dictionary<string, string> data)
    {
        BeforeDisplay?.Invoke();
        OnUpdate?.Invoke(displayId, data);
    }

    internal static string ReadInput(string prompt, bool isPassword)
    {
        var what = isPassword ? "GetPasswordAsync" : "GetInputAsync";
        throw new InvalidOperationException(
            $"{what}(\"{prompt}\") needs a person at the keyboard, and headless runs have none. " +
            "Read configuration from an environment variable or user secrets instead.");
    }
}
