namespace LlmWorkbook.Runner.Protocol;

/// <summary>Kernel → runner: the display output with <paramref name="DisplayId"/> now shows <paramref name="Data"/>, in whichever cell it is.</summary>
public sealed record DisplayUpdated(string DisplayId, IReadOnlyDictionary<string, string> Data) : KernelMessage;
