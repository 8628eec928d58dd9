using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using LlmWorkbook.Runner.Notebooks;

namespace LlmWorkbook.Runner.Execution;

/// <summary>
/// Runs a notebook in a kernel process of its own, one cell at a time, so that a cell that runs past its timeout can
/// be stopped by killing the process. Cells tagged <c>skip-execution</c> are skipped; cells tagged
/// <c>raises-exception</c> pass whether or not they throw (nbmake's tags).
/// </summary>
public static class NotebookExecutor
{
    public static async Task<NotebookRun> RunAsync(string path, RunOptions options, Action<CellResult>? onCellFinished = null, Action<NotebookCell>? onCellStarted = null)
    {
        var clock = Stopwatch.StartNew();
        NotebookDocument document;
        try
        {
            document = NotebookDocument.Load(path);
        }
        catch (NotebookFormatException e)
        {
            return new NotebookRun(path, [], clock.Elapsed, e.Message);
        }

        var codeCells = document.Cells.Where(c => c.IsCode).ToList();
        var redactor = SecretRedactor.FromProcessEnvironment(options.Environment);
        var outputs = codeCells.ToDictionary(c => c.Index, _ => new List<CellOutput>());
        var results = new List<CellResult>();
        string? problem = null;
        await using (var kernel = await KernelProcess.StartAsync(Path.GetDirectoryName(Path.GetFullPath(path))!, options.Environment))
        {
            if (kernel.StartupError is { } startupError)
            {
                problem = startupError;
            }
            var stopped = problem is not null;
            foreach (var cell in codeCells)
            {
                if (stopped)
                {
                    results.Add(new CellResult(cell, CellStatus.NotRun, [], "not run: an earlier cell stopped the run", TimeSpan.Zero));
                    continue;
                }
                if (cell.Tags.Contains("skip-execution"))
                {
                    results.Add(new CellResult(cell, CellStatus.Skipped, [], null, TimeSpan.Zero));
                    continue;
                }
                onCellStarted?.Invoke(cell);
                var result = await kernel.ExecuteAsync(cell, outputs, options.CellTimeout, redactor);
                if (result.Status == CellStatus.Failed && cell.Tags.Contains("raises-exception"))
                {
                    result = result with { Status = CellStatus.Passed };
                }
                results.Add(result);
                onCellFinished?.Invoke(result);
                stopped = result.Status == CellStatus.TimedOut || kernel.HasExited || (options.StopOnError && result.Failed);
            }
        }
        if (options.WriteOutputs)
        {
            document.SetOutputs(results.Where(r => r.Status is CellStatus.Passed or CellStatus.Failed or CellStatus.TimedOut)
                .ToDictionary(r => r.Cell.Index, r => (IReadOnlyList<CellOutput>)outputs[r.Cell.Index]));
            document.Save();
        }
        return new NotebookRun(path, results, clock.Elapsed, problem);
    }

    /// <summary>The child process that hosts the kernel, and the events it sends.</summary>
    private sealed class KernelProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly Channel<KernelMessage> _events = Channel.CreateUnbounded<KernelMessage>();
        private readonly StringBuilder _stderr = new();
        private readonly Dictionary<string, (int Cell, int Position)> _displays = [];

        private KernelProcess(Process process) => _process = process;

        public string? StartupError { get; private set; }

        public bool HasExited => _process.HasExited;

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
            var kernel = new KernelProcess(process);
            _ = Task.Run(kernel.ReadEventsAsync);
            _ = Task.Run(kernel.ReadStandardErrorAsync);
            var first = await kernel.NextEventAsync(TimeSpan.FromMinutes(2));
            kernel.StartupError = first?.Kind switch
            {
                "ready" => null,
                "fatal" => $"the kernel failed to start: {first.Error}",
                null => $"the kernel did not start within 2 minutes{kernel.StandardErrorTail()}",
                _ => $"the kernel sent '{first.Kind}' before it was ready",
            };
            return kernel;
        }

        /// <summary>The same runner assembly, started as a kernel with its own runtimeconfig and deps (the SDK copies them next to it).</summary>
        private static ProcessStartInfo KernelCommand()
        {
            var assembly = typeof(NotebookExecutor).Assembly.Location;
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

        public async Task<CellResult> ExecuteAsync(NotebookCell cell, Dictionary<int, List<CellOutput>> outputs, TimeSpan timeout, SecretRedactor redactor)
        {
            var clock = Stopwatch.StartNew();
            var command = new KernelMessage { Kind = "execute", Cell = cell.Index, Code = cell.Source };
            try
            {
                await _process.StandardInput.WriteLineAsync(command.ToLine());
                await _process.StandardInput.FlushAsync();
            }
            catch (IOException)
            {
                return new CellResult(cell, CellStatus.NotRun, [], $"not run: the kernel process had exited{StandardErrorTail()}", TimeSpan.Zero);
            }
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                var message = Redacted(await NextEventAsync(deadline - DateTime.UtcNow), redactor);
                if (message is null)
                {
                    // No event: either the kernel process ended (its event stream completed) or the time ran out.
                    var timedOut = !_events.Reader.Completion.IsCompleted;
                    if (timedOut)
                    {
                        Kill();
                    }
                    var error = timedOut
                        ? $"cell {cell.Index + 1} did not finish within the {timeout.TotalSeconds:0.#} s cell timeout and was stopped (the kernel process was killed)"
                        : $"the kernel process exited with code {ExitCode()} while running cell {cell.Index + 1}{StandardErrorTail()}";
                    outputs[cell.Index].Add(CellOutput.Error(error));
                    return new CellResult(cell, timedOut ? CellStatus.TimedOut : CellStatus.Failed, outputs[cell.Index], error, clock.Elapsed);
                }
                switch (message.Kind)
                {
                    case "output" when message.Output is { } output:
                        var target = outputs.ContainsKey(message.Cell) ? message.Cell : cell.Index;
                        Append(outputs[target], output);
                        if (output.DisplayId is { } id)
                        {
                            _displays[id] = (target, outputs[target].Count - 1);
                        }
                        break;
                    case "update" when message.DisplayId is { } displayId && _displays.TryGetValue(displayId, out var at):
                        outputs[at.Cell][at.Position] = CellOutput.Display(message.Data ?? [], displayId);
                        break;
                    case "done":
                        if (message.Error is { } failure)
                        {
                            outputs[cell.Index].Add(CellOutput.Error(failure));
                        }
                        return new CellResult(cell, message.Error is null ? CellStatus.Passed : CellStatus.Failed, outputs[cell.Index], message.Error, clock.Elapsed);
                }
            }
        }

        private static KernelMessage? Redacted(KernelMessage? message, SecretRedactor redactor) => message switch
        {
            null => null,
            _ => message with
            {
                Error = message.Error is { } e ? redactor.Redact(e) : null,
                Data = message.Data?.ToDictionary(kv => kv.Key, kv => redactor.Redact(kv.Value)),
                Output = message.Output is { } o
                    ? o with
                    {
                        Text = o.Text is { } t ? redactor.Redact(t) : null,
                        ErrorValue = o.ErrorValue is { } ev ? redactor.Redact(ev) : null,
                        Data = o.Data?.ToDictionary(kv => kv.Key, kv => redactor.Redact(kv.Value)),
                    }
                    : null,
            },
        };

        /// <summary>Consecutive writes to the same stream become one output, as VS Code saves them.</summary>
        private static void Append(List<CellOutput> outputs, CellOutput output)
        {
            if (output.OutputType == "stream" && outputs.Count > 0 && outputs[^1] is { OutputType: "stream" } last && last.StreamName == output.StreamName)
            {
                outputs[^1] = last with { Text = last.Text + output.Text };
                return;
            }
            outputs.Add(output);
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
                var text = _stderr.ToString().Trim();
                return text.Length == 0 ? "" : "\n" + string.Join("\n", text.Split('\n').TakeLast(15));
            }
        }

        private string ExitCode() => _process.WaitForExit(2000) ? _process.ExitCode.ToString() : "(still running)";

        private void Kill()
        {
            try
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
            }
        }

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
                Kill();
            }
            _process.Dispose();
        }
    }
}
