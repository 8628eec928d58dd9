using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LlmWorkbook.Runner.Execution;
using LlmWorkbook.Runner.Notebooks;
using LlmWorkbook.Runner.Protocol;
using LlmWorkbook.Runner.Reporting;

namespace LlmWorkbook.Runner.Tests.Reporting;

public sealed partial class HtmlExportTests : IDisposable
{
    private readonly TestNotebook _notebooks = new();

    public void Dispose() => _notebooks.Dispose();

    [Fact]
    public async Task An_exported_page_draws_its_charts_and_shows_tables_and_checks_in_a_browser_with_no_network()
    {
        var chromium = Chromium() ?? throw new InvalidOperationException(
            "This test opens the exported page in headless Chromium, which is not installed: apt-get install chromium (.ci/run installs it).");
        var path = WriteNotebook("chapter",
            ("markdown", "# A chapter\n\nSome *emphasis*, `code` and a table:\n\n| word | count |\n| --- | --- |\n| army | 12 |\n| navy | 7 |\n"),
            ("code", "#r \"nuget: LlmWorkbook, 0.1.0\""),
            ("code", "using LlmWorkbook.Display;\nusing LlmWorkbook.Exercises;\nNotebookFormatters.Register();\nConsole.WriteLine(\"ready <ok>\");"),
            ("code", "new Microsoft.Data.Analysis.DataFrame(new Microsoft.Data.Analysis.StringDataFrameColumn(\"token\", [\"The\", \"Congress\"]))"),
            ("code", "new Chart(\"Tokens per sentence\", \"sentence\", \"tokens\").AddBars(\"cl100k_base\", [\"a\", \"b\"], new[] { 3, 7 })"),
            ("code", "new Chart(\"Loss\", \"step\", \"loss\").AddLine(\"training\", new[] { 0, 1, 2 }, new[] { 3.0, 2.0, 1.5 })"),
            ("code", "Exercise.Check(\"9.1 add\", () => 2 + 2, expected: 4, hint: \"add\")"));
        var run = await NotebookExecutor.RunAsync(path, new RunOptions
        {
            CellTimeout = TimeSpan.FromMinutes(3),
            Environment = new Dictionary<string, string> { ["LLM_WORKBOOK_ROOT"] = RepositoryRoot.Find() },
        });
        Assert.True(run.Passed, "the notebook failed (the library package and plotly.js come from ./workbook setup): " +
            string.Join("\n", run.Cells.Where(c => c.Failed).Select(c => c.Error)) + run.Problem);

        var output = Path.Combine(_notebooks.Folder, "html");
        var index = HtmlExport.Write(output, [run]);
        var page = File.ReadAllText(Path.Combine(output, "chapter.html"));
        Assert.Single(Regex.Matches(page, Regex.Escape(HtmlExport.PlotlyJsScriptTag)));
        Assert.Empty(RemoteReference().Matches(page));
        Assert.Contains("<a href=\"chapter.html\">A chapter</a>", File.ReadAllText(index));

        var dom = await DumpDomAsync(chromium, Path.Combine(output, "chapter.html"));
        Assert.True(Regex.Matches(dom, "class=\"main-svg\"").Count >= 2, "plotly drew no chart (no main-svg in the page):\n" + Tail(dom));
        Assert.Equal(2, Regex.Matches(dom, "<div id=\"workbook-chart-\\d\" class=\"workbook-chart[^\"]*js-plotly-plot").Count);
        Assert.Contains("<td>army</td>", dom);
        Assert.Contains("<td>Congress</td>", dom);
        Assert.Contains("<em>emphasis</em>", dom);
        Assert.Contains("data-exercise-outcome=\"passed\"", dom);
        Assert.Contains("ready &lt;ok&gt;", dom);
    }

    [Fact]
    public void A_page_keeps_one_copy_of_plotly_js_and_escapes_text_outputs()
    {
        var path = WriteNotebook("two-kernels", ("markdown", "# Two charts"), ("code", "chart()"), ("code", "chart()"));
        var document = NotebookDocument.Load(path);
        var block = HtmlExport.PlotlyJsScriptTag + "window.Plotly = {};</script>\n";
        CellResult Result(int index, params CellOutput[] outputs) =>
            new(document.Cells[index], CellStatus.Passed, outputs, null, TimeSpan.FromSeconds(1));
        var run = new NotebookRun(path, [
            Result(1, new DisplayOutput(new Dictionary<string, string> { ["text/html"] = block + "<div id=\"workbook-chart-1\"></div>" }), new StreamOutput("stdout", "a < b")),
            Result(2, new DisplayOutput(new Dictionary<string, string> { ["text/html"] = block + "<div id=\"workbook-chart-2\"></div>" }), new ErrorOutput("boom <script>")),
        ], TimeSpan.FromSeconds(2));

        var page = HtmlExport.Page(run, document);

        Assert.Single(Regex.Matches(page, Regex.Escape(HtmlExport.PlotlyJsScriptTag)));
        Assert.Contains("<div id=\"workbook-chart-1\"></div>", page);
        Assert.Contains("<div id=\"workbook-chart-2\"></div>", page);
        Assert.Contains("<pre class=\"output stdout\">a &lt; b</pre>", page);
        Assert.Contains("<pre class=\"output error\">boom &lt;script&gt;</pre>", page);
        Assert.Contains("<h1>Two charts</h1>", page);
        Assert.Contains("<title>Two charts</title>", page);
    }

    [Fact]
    public void The_index_links_every_notebook_with_its_status()
    {
        var passing = WriteNotebook("passing", ("code", "1"));
        var failing = WriteNotebook("failing", ("code", "1"));
        CellResult Result(string path, CellStatus status) =>
            new(NotebookDocument.Load(path).Cells[0], status, [], status == CellStatus.Failed ? "boom" : null, TimeSpan.Zero);
        var output = Path.Combine(_notebooks.Folder, "index-test");

        var index = File.ReadAllText(HtmlExport.Write(output, [
            new NotebookRun(passing, [Result(passing, CellStatus.Passed)], TimeSpan.FromSeconds(1)),
            new NotebookRun(failing, [Result(failing, CellStatus.Failed)], TimeSpan.FromSeconds(1)),
        ]));

        Assert.Contains("1 of 2 notebooks passed.", index);
        Assert.Matches("<tr class=\"passed\"><td><a href=\"passing.html\">passing</a>.*passed \\(1 cells\\)", index);
        Assert.Matches("<tr class=\"failed\"><td><a href=\"failing.html\">failing</a>.*failed \\(1 of 1 cells\\)", index);
        Assert.True(File.Exists(Path.Combine(output, "passing.html")));
        Assert.True(File.Exists(Path.Combine(output, "failing.html")));
    }

    private string WriteNotebook(string name, params (string Type, string Source)[] cells)
    {
        var notebook = new JsonObject
        {
            ["cells"] = new JsonArray(cells.Select((c, i) => (JsonNode?)new JsonObject
            {
                ["cell_type"] = c.Type,
                ["id"] = $"cell-{i + 1}",
                ["metadata"] = new JsonObject(),
                ["source"] = c.Source,
            }).ToArray()),
            ["metadata"] = new JsonObject
            {
                ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
            },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        foreach (var cell in notebook["cells"]!.AsArray().Where(c => (string)c!["cell_type"]! == "code"))
        {
            cell!["execution_count"] = null;
            cell["outputs"] = new JsonArray();
        }
        return _notebooks.WriteText(name + ".ipynb", notebook.ToJsonString());
    }

    /// <summary>Headless Chromium with every request that leaves the machine refused, so the page must draw on its own.</summary>
    private async Task<string> DumpDomAsync(string chromium, string page)
    {
        var profile = Directory.CreateTempSubdirectory("html-export-chromium-");
        try
        {
            var start = new ProcessStartInfo(chromium)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                ArgumentList =
                {
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    $"--user-data-dir={profile.FullName}",
                    "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>", "--host-resolver-rules=MAP * ~NOTFOUND",
                    "--virtual-time-budget=5000", "--dump-dom", new Uri(page).AbsoluteUri,
                },
            };
            using var process = Process.Start(start)!;
            var dom = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("headless Chromium did not finish within 2 minutes: " + await errors);
            }
            Assert.True(process.ExitCode == 0, $"chromium exited with {process.ExitCode}: {await errors}");
            return await dom;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }

    private static string? Chromium() =>
        new[] { "chromium", "chromium-browser", "google-chrome" }
            .SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(dir => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);

    private static string Tail(string text) => text.Length <= 2000 ? text : text[^2000..];

    [GeneratedRegex(@"<(script|link)\b[^>]*\b(src|href)\s*=\s*[""']?\s*(https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex RemoteReference();
}
