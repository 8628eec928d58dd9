using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using LlmWorkbook.Runner.Notebooks;
using LlmWorkbook.Runner.Protocol;

namespace LlmWorkbook.Runner.Execution;

/// <summary>The child process that hosts the kernel, and the events it sends.</summary>
internal sealed class KernelProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<KernelMessage> _events = Channel.CreateUnbounded<KernelMessage>();
    private readonly StringBuilder _stderr = new();

    private KernelProcess(Process process) => _process = process;

    /// <summary>Why the kernel could not start; null when it is ready.</summary>
    public string? StartupError { get; private set; }

    /// <summary>Whether the kernel process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Starts a kernel in <paramref name="workingDirectory"/> and waits until it is ready (or says why not).</summary>
    public static async Task<KernelProcess> StartAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var start = KernelCommand();
        start.ArgumentList.Add("kernel");
        start.ArgumentList.Add(workingDirectory);
        start.WorkingDirectory = workingDirectory;
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.StandardOutputEncoding = Encoding.UTF8;
        start.StandardErrorEncoding = Encoding.UTF8;
        start.StandardInputEncoding = new UTF8Encoding(false);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the kernel process");
        KernelProcessGroups.Add(process.Id);
        var kernel = new KernelProcess(process);
        _ = Task.Run(kernel.ReadEventsAsync);
        _ = Task.Run(kernel.ReadStandardErrorAsync);
        var first = await kernel.NextEventAsync(TimeSpan.FromMinutes(2));
        kernel.StartupError = first switch
        {
            KernelReady => null,
            KernelFailed failed => $"the kernel failed to start: {failed.Error}",
            null => $"the kernel did not start within 2 minutes{kernel.StandardErrorTail()}",
            _ => $"the kernel sent {first.GetType().Name} before it was ready",
        };
        return kernel;
    }

    /// <summary>The same runner assembly, started as a kernel with its own runtimeconfig and deps (the SDK copies them next to it).</summary>
    private static ProcessStartInfo KernelCommand()
    {
        var assembly = typeof(KernelProcess).Assembly.Location;
        var runtimeConfig = Path.ChangeExtension(assembly, ".runtimeconfig.json");
        var deps = Path.ChangeExtension(assembly, ".deps.json");
        if (!File.Exists(runtimeConfig) || !File.Exists(deps))
        {
            throw new FileNotFoundException($"the runner's {Path.GetFileName(runtimeConfig)} or {Path.GetFileName(deps)} is missing next to it; rebuild with ./workbook setup", runtimeConfig);
        }
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        return new ProcessStartInfo(dotnet)
        {
            UseShellExecute = false,
            ArgumentList = { "exec", "--runtimeconfig", runtimeConfig, "--depsfile", deps, assembly },
        };
    }

    /// <summary>
    /// Runs one cell. Its outputs go to <paramref name="outputs"/> as they arrive (an output for a cell that is not
    /// in <paramref name="codeCells"/> goes to this one); a failure is added there as an <see cref="ErrorOutput"/>.
    /// </summary>
    public async Task<(CellStatus Status, string? Error)> ExecuteAsync(NotebookCell cell, IReadOnlySet<int> codeCells, NotebookOutputs outputs, TimeSpan timeout)
    {
        try
        {
            await _process.StandardInput.WriteLineAsync(new ExecuteCell(cell.Index, cell.Source).ToLine());
            await _process.StandardInput.FlushAsync();
        }
        catch (IOException)
        {
            return (CellStatus.NotRun, $"not run: the kernel process had exited{StandardErrorTail()}");
        }
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            switch (await NextEventAsync(deadline - DateTime.UtcNow))
            {
                case null:
                    // No event: either the kernel process ended (its event stream completed) or the time ran out.
                    var timedOut = !_events.Reader.Completion.IsCompleted;
                    if (timedOut)
                    {
                        Kill();
                    }
                    var error = timedOut
                        ? $"cell {cell.Index + 1} did not finish within the {timeout.TotalSeconds:0.#} s cell timeout and was stopped (the kernel process was killed)"
                        : $"the kernel process exited with code {ExitCode()} while running cell {cell.Index + 1}{StandardErrorTail()}";
                    outputs.Add(cell.Index, new ErrorOutput(error));
                    return (timedOut ? CellStatus.TimedOut : CellStatus.Failed, error);
                case OutputProduced produced:
                    outputs.Add(codeCells.Contains(produced.Cell) ? produced.Cell : cell.Index, produced.Output);
                    break;
                case DisplayUpdated updated:
                    outputs.Update(updated.DisplayId, updated.Data);
                    break;
                case CellCompleted completed:
                    if (completed.Error is { } failure)
                    {
                        outputs.Add(cell.Index, new ErrorOutput(failure));
                    }
                    return (completed.Error is null ? CellStatus.Passed : CellStatus.Failed, completed.Error);
            }
        }
    }

    private async Task<KernelMessage?> NextEventAsync(TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return null;
        }
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            return await _events.Reader.ReadAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    private async Task ReadEventsAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (KernelMessage.FromLine(line) is { } message)
            {
                await _events.Writer.WriteAsync(message);
            }
        }
        _events.Writer.TryComplete();
    }

    private async Task ReadStandardErrorAsync()
    {
        var buffer = new char[4096];
        int read;
        while ((read = await _process.StandardError.ReadAsync(buffer)) > 0)
        {
            lock (_stderr)
            {
                _stderr.Append(buffer, 0, read);
                if (_stderr.Length > 64_000)
                {
                    _stderr.Remove(0, _stderr.Length - 32_000);
                }
            }
        }
    }

    private string StandardErrorTail()
    {
        _process.WaitForExit(500);
        lock (_stderr)
        {
            return KernelCrash.Describe(_stderr.ToString());
        }
    }

    private string ExitCode() => _process.WaitForExit(2000) ? _process.ExitCode.ToString() : "(still running)";

    private void Kill()
    {
        KernelProcessGroups.Kill(_process.Id);
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>
    /// Closes the kernel's input and waits for it to end, killing it after 10 seconds; then kills its process group,
    /// so that no process a cell started outlives the run.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
        }
        using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(exit.Token);
        }
        catch (OperationCanceledException)
        {
        }
        Kill();
        _process.Dispose();
    }
}
