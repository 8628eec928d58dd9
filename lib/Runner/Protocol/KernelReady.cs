namespace LlmWorkbook.Runner.Protocol;

/// <summary>Kernel → runner: started, ready for the first cell.</summary>
public sealed record KernelReady : KernelMessage;
