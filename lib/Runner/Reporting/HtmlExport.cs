using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using LlmWorkbook.Runner.Execution;
using LlmWorkbook.Runner.Notebooks;
using LlmWorkbook.Runner.Protocol;
using Markdig;

namespace LlmWorkbook.Runner.Reporting;

/// <summary>
/// Writes executed notebooks as standalone HTML pages (markdown rendered, code, outputs, charts) and an index page
/// with each notebook's status. A page needs no network: charts carry plotly.js inline, and a page keeps one copy.
/// </summary>
public static class HtmlExport
{
    /// <summary>
    /// The opening tag of the script element in which the course library puts plotly.js
    /// (LlmWorkbook.Display.ChartHtml.PlotlyJsScriptTag, which cannot be referenced from here; the notebook tests find
    /// this marker in real runs, so the two cannot drift apart); its content never contains "&lt;/script".
    /// </summary>
    public const string PlotlyJsScriptTag = "<script data-workbook=\"plotly.js\">";

    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UsePipeTables().UseEmphasisExtras().UseAutoLinks().Build();

    /// <summary>
    /// Writes one page per run (named after its notebook) and index.html into <paramref name="directory"/>, and
    /// returns the index's path.
    /// </summary>
    public static string Write(string directory, IReadOnlyList<NotebookRun> runs)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(runs);
        Directory.CreateDirectory(directory);
        var pages = new List<(NotebookRun Run, string FileName, string Title)>();
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "index.html" };
        foreach (var run in runs)
        {
            var stem = System.IO.Path.GetFileNameWithoutExtension(run.Path);
            var fileName = stem + ".html";
            for (var n = 2; !used.Add(fileName); n++)
            {
                fileName = string.Create(CultureInfo.InvariantCulture, $"{stem}-{n}.html");
            }
            var document = TryLoad(run.Path);
            File.WriteAllText(System.IO.Path.Combine(directory, fileName), Page(run, document), Encoding.UTF8);
            pages.Add((run, fileName, Title(run, document)));
        }
        var index = System.IO.Path.Combine(directory, "index.html");
        File.WriteAllText(index, Index(pages), Encoding.UTF8);
        return index;
    }

    /// <summary>One executed notebook as a standalone page. <paramref name="document"/> supplies the markdown cells.</summary>
    public static string Page(NotebookRun run, NotebookDocument? document)
    {
        ArgumentNullException.ThrowIfNull(run);
        var title = Title(run, document);
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"<p class=\"status {(run.Passed ? "passed" : "failed")}\">{WebUtility.HtmlEncode(Status(run))} · ");
        body.Append(CultureInfo.InvariantCulture, $"{run.Elapsed.TotalSeconds:0.0} s · <a href=\"index.html\">all notebooks</a></p>\n");
        if (run.Problem is not null)
        {
            body.Append("<pre class=\"error\">").Append(WebUtility.HtmlEncode(run.Problem)).Append("</pre>\n");
        }
        var results = run.Cells.ToDictionary(c => c.Cell.Index);
        var cells = document?.Cells ?? run.Cells.Select(c => c.Cell).ToList();
        foreach (var cell in cells)
        {
            if (cell.CellType == "markdown")
            {
                body.Append("<section class=\"markdown\">").Append(Markdig.Markdown.ToHtml(cell.Source, Markdown)).Append("</section>\n");
            }
            else if (cell.IsCode)
            {
                AppendCodeCell(body, cell, results.GetValueOrDefault(cell.Index));
            }
        }
        return Document(title, KeepFirstPlotlyJs(body.ToString()));
    }

    /// <summary>The index page: every notebook with its status, linked to its page.</summary>
    private static string Index(IReadOnlyList<(NotebookRun Run, string FileName, string Title)> pages)
    {
        var rows = new StringBuilder();
        foreach (var (run, fileName, title) in pages)
        {
            rows.Append(CultureInfo.InvariantCulture,
                $"<tr class=\"{(run.Passed ? "passed" : "failed")}\"><td><a href=\"{WebUtility.HtmlEncode(Uri.EscapeDataString(fileName))}\">{WebUtility.HtmlEncode(title)}</a></td>" +
                $"<td><code>{WebUtility.HtmlEncode(run.Path)}</code></td><td class=\"status\">{WebUtility.HtmlEncode(Status(run))}</td>" +
                $"<td class=\"number\">{run.Elapsed.TotalSeconds:0.0} s</td></tr>\n");
        }
        var passed = pages.Count(p => p.Run.Passed);
        return Document("LLM Workbook: notebooks", $"""
            <h1>LLM Workbook</h1>
            <p>{passed} of {pages.Count} notebooks passed.</p>
            <table>
            <thead><tr><th>notebook</th><th>file</th><th>status</th><th>time</th></tr></thead>
            <tbody>
            {rows}</tbody>
            </table>
            """);
    }

    /// <summary>A standalone page: the shared head and style around <paramref name="main"/>.</summary>
    private static string Document(string title, string main) => $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{WebUtility.HtmlEncode(title)}</title>
        <style>{Style}</style>
        </head>
        <body>
        <main>
        {main}
        </main>
        </body>
        </html>

        """;

    private static void AppendCodeCell(StringBuilder body, NotebookCell cell, CellResult? result)
    {
        var status = result?.Status.ToString().ToLowerInvariant() ?? "notrun";
        body.Append(CultureInfo.InvariantCulture, $"<section class=\"code-cell {status}\" data-cell=\"{cell.Index + 1}\">\n");
        body.Append(CultureInfo.InvariantCulture, $"<div class=\"cell-status\">cell {cell.Index + 1} · {StatusText(result)}</div>\n");
        body.Append("<pre class=\"source\"><code>").Append(WebUtility.HtmlEncode(cell.Source)).Append("</code></pre>\n");
        foreach (var output in result?.Outputs ?? [])
        {
            AppendOutput(body, output);
        }
        body.Append("</section>\n");
    }

    private static void AppendOutput(StringBuilder body, CellOutput output)
    {
        switch (output)
        {
            case StreamOutput stream:
                body.Append(CultureInfo.InvariantCulture, $"<pre class=\"output {(stream.StreamName == "stderr" ? "stderr" : "stdout")}\">")
                    .Append(WebUtility.HtmlEncode(stream.Text)).Append("</pre>\n");
                break;
            case ErrorOutput error:
                body.Append("<pre class=\"output error\">").Append(WebUtility.HtmlEncode(error.Text)).Append("</pre>\n");
                break;
            case DisplayOutput { Data: var data }:
                if (data.TryGetValue("text/html", out var html))
                {
                    body.Append("<div class=\"output html\">").Append(html).Append("</div>\n");
                }
                else if (data.TryGetValue("image/svg+xml", out var svg))
                {
                    body.Append("<div class=\"output image\">").Append(svg).Append("</div>\n");
                }
                else if (data.TryGetValue("image/png", out var png))
                {
                    body.Append("<div class=\"output image\"><img alt=\"\" src=\"data:image/png;base64,").Append(WebUtility.HtmlEncode(png.Trim())).Append("\"></div>\n");
                }
                else if (data.Count > 0)
                {
                    body.Append("<pre class=\"output\">").Append(WebUtility.HtmlEncode(output.PlainText)).Append("</pre>\n");
                }
                break;
        }
    }

    /// <summary>Every chart carries plotly.js while its kernel had not shown one yet; a page needs one copy.</summary>
    internal static string KeepFirstPlotlyJs(string html)
    {
        var first = true;
        return PlotlyJsBlock.Replace(html, block =>
        {
            var keep = first;
            first = false;
            return keep ? block.Value : "";
        });
    }

    private static string Title(NotebookRun run, NotebookDocument? document)
    {
        var heading = document?.Cells.Where(c => c.CellType == "markdown")
            .SelectMany(c => c.Source.Split('\n'))
            .FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal));
        return heading is null ? System.IO.Path.GetFileNameWithoutExtension(run.Path) : heading[2..].Trim();
    }

    private static string Status(NotebookRun run) =>
        run.Problem is not null ? "could not run"
        : run.Passed ? string.Create(CultureInfo.InvariantCulture, $"passed ({run.PassedCount} cells)")
        : string.Create(CultureInfo.InvariantCulture, $"failed ({run.FailedCount} of {run.Cells.Count} cells)");

    private static string StatusText(CellResult? result) => result?.Status switch
    {
        null or CellStatus.NotRun => "not run",
        CellStatus.TimedOut => "timed out",
        var status => string.Create(CultureInfo.InvariantCulture, $"{status.ToString()!.ToLowerInvariant()}, {result.Elapsed.TotalSeconds:0.00} s"),
    };

    private static NotebookDocument? TryLoad(string path)
    {
        try
        {
            return NotebookDocument.Load(path);
        }
        catch (NotebookFormatException)
        {
            return null;
        }
    }

    private const string Style = """
        body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; background: #fff; color: #1f2328; }
        main { max-width: 1000px; margin: 0 auto; padding: 16px 24px 64px; line-height: 1.5; }
        pre { background: #f6f8fa; padding: 8px 12px; overflow-x: auto; font-size: 13px; border-radius: 4px; }
        code { font-family: ui-monospace, "Cascadia Code", Menlo, Consolas, monospace; }
        table { border-collapse: collapse; margin: 8px 0; }
        th, td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; }
        .code-cell { border-left: 4px solid #d0d7de; padding-left: 12px; margin: 16px 0; }
        .code-cell.failed, .code-cell.timedout, .code-cell.notrun { border-left-color: #cf222e; }
        .cell-status { color: #656d76; font-size: 12px; }
        pre.source { background: #eef1f4; }
        pre.output { background: #fff; border: 1px solid #eaeef2; }
        pre.stderr, pre.error { background: #ffebe9; border-color: #ff8182; }
        .status.passed, tr.passed .status { color: #1a7f37; }
        .status.failed, tr.failed .status { color: #cf222e; }
        td.number { text-align: right; }
        """;

    private static readonly Regex PlotlyJsBlock = new(Regex.Escape(PlotlyJsScriptTag) + ".*?</script>\\n?", RegexOptions.Singleline | RegexOptions.CultureInvariant);
}
