using System.Diagnostics;
using LlmWorkbook.Runner.Notebooks;

namespace LlmWorkbook.Runner.Execution;

/// <summary>
/// Runs a notebook in a kernel process of its own, one cell at a time, so that a cell that runs past its timeout can
/// be stopped by killing the process. Cells tagged <c>skip-execution</c> are skipped; cells tagged
/// <c>raises-exception</c> pass whether or not they throw (nbmake's tags).
/// </summary>
public static class NotebookExecutor
{
    /// <summary>
    /// Runs the notebook at <paramref name="path"/>. <paramref name="onCellFinished"/> gets each cell's result as it
    /// ends; the run returned at the end holds every cell's final outputs (a later cell may update an earlier display).
    /// </summary>
    /// <remarks>
    /// Never throws for a problem with this notebook (unreadable, malformed, not writable, a kernel that cannot
    /// start): the run says what it was in <see cref="NotebookRun.Problem"/>, naming the file, so that a command
    /// line over several notebooks still reports the others. Cells are named with secrets redacted from their source.
    /// </remarks>
    public static async Task<NotebookRun> RunAsync(string path, RunOptions options, Action<CellResult>? onCellFinished = null, Action<NotebookCell>? onCellStarted = null)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            return await RunDocumentAsync(path, options, onCellFinished, onCellStarted, clock);
        }
        catch (NotebookFormatException e)
        {
            return new NotebookRun(path, [], clock.Elapsed, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            return new NotebookRun(path, [], clock.Elapsed, $"{path}: {e.Message}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A fault of the runner itself: still only this notebook's problem, so the others run and are reported.
            return new NotebookRun(path, [], clock.Elapsed, $"{path}: the runner failed on this notebook ({e.GetType().Name}: {e.Message.Split('\n')[0].Trim()})");
        }
    }

    private static async Task<NotebookRun> RunDocumentAsync(string path, RunOptions options, Action<CellResult>? onCellFinished, Action<NotebookCell>? onCellStarted, Stopwatch clock)
    {
        var document = NotebookDocument.Load(path);
        if (options.WriteOutputs && NotebookDocument.CannotWrite(path) is { } readOnly)
        {
            return new NotebookRun(path, [], clock.Elapsed, readOnly);
        }

        var codeCells = document.Cells.Where(c => c.IsCode).ToList();
        var codeCellIndexes = codeCells.Select(c => c.Index).ToHashSet();
        var redactor = SecretRedactor.FromProcessEnvironment(options.Environment);
        var outputs = new NotebookOutputs(redactor);
        var results = new List<CellResult>();
        string? problem = null;
        await using (var kernel = await KernelProcess.StartAsync(Path.GetDirectoryName(Path.GetFullPath(path))!, options.Environment))
        {
            if (kernel.StartupError is { } startupError)
            {
                problem = redactor.Redact(startupError);
            }
            var stopped = problem is not null;
            foreach (var sourceCell in codeCells)
            {
                var cell = sourceCell with { Source = redactor.Redact(sourceCell.Source) };
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
                var cellClock = Stopwatch.StartNew();
                var (status, error) = await kernel.ExecuteAsync(sourceCell, codeCellIndexes, outputs, options.CellTimeout);
                if (status == CellStatus.Failed && cell.Tags.Contains("raises-exception"))
                {
                    status = CellStatus.Passed;
                }
                var result = new CellResult(cell, status, outputs.Of(cell.Index), error is null ? null : redactor.Redact(error), cellClock.Elapsed);
                results.Add(result);
                onCellFinished?.Invoke(result);
                stopped = result.Status == CellStatus.TimedOut || kernel.HasExited || (options.StopOnError && result.Failed);
            }
        }
        // A display may have been updated by a later cell: the run holds every cell's outputs as they ended up.
        results = results.Select(r => r with { Outputs = outputs.Of(r.Cell.Index) }).ToList();
        if (options.WriteOutputs)
        {
            document.SetOutputs(results.Where(r => r.Status is CellStatus.Passed or CellStatus.Failed or CellStatus.TimedOut)
                .ToDictionary(r => r.Cell.Index, r => r.Outputs));
            try
            {
                document.Save();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problem ??= $"{path}: the outputs could not be written back ({e.Message})";
            }
        }
        return new NotebookRun(path, results, clock.Elapsed, problem);
    }
}
