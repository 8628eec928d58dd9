namespace LlmWorkbook.Runner.Protocol;

/// <summary>Kernel → runner: the kernel cannot go on (it failed to start, or read a command it does not understand).</summary>
public sealed record KernelFailed(string Error) : KernelMessage;
