using System.Diagnostics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmWorkbook.Runner.Protocol;

namespace LlmWorkbook.Runner.Notebooks;

/// <summary>
/// An .ipynb file (nbformat 4.2–4.5) read for a C# kernel. Unknown fields are kept as they are, so that writing
/// outputs back changes only outputs and execution counts.
/// </summary>
public sealed class NotebookDocument
{
    private static readonly HashSet<string> CSharpKernelNames = new(StringComparer.OrdinalIgnoreCase) { ".net-csharp", "csharp", "c#" };

    private readonly JsonObject _root;

    private NotebookDocument(string path, JsonObject root, IReadOnlyList<NotebookCell> cells)
    {
        Path = path;
        _root = root;
        Cells = cells;
    }

    public string Path { get; }

    public IReadOnlyList<NotebookCell> Cells { get; }

    public static NotebookDocument Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NotebookFormatException(path, $"cannot be read ({e.Message})");
        }
        return Parse(path, text);
    }

    public static NotebookDocument Parse(string path, string text)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false });
        }
        catch (JsonException e)
        {
            throw new NotebookFormatException(path, $"is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {FirstSentence(e.Message)})");
        }
        if (node is not JsonObject root)
        {
            throw new NotebookFormatException(path, "is not a notebook: the top level of the JSON is not an object");
        }
        var nbformat = root["nbformat"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : (int?)null;
        if (nbformat is null)
        {
            throw new NotebookFormatException(path, "is not a notebook: it has no \"nbformat\" number");
        }
        if (nbformat != 4)
        {
            throw new NotebookFormatException(path, $"is nbformat {nbformat}; only nbformat 4 (4.2 to 4.5) is supported (upgrade it with 'jupyter nbconvert --to notebook')");
        }
        CheckIsCSharp(path, root);
        if (root["cells"] is not JsonArray cellArray)
        {
            throw new NotebookFormatException(path, "has no \"cells\" array");
        }
        var cells = new List<NotebookCell>();
        for (var i = 0; i < cellArray.Count; i++)
        {
            if (cellArray[i] is not JsonObject cell || cell["cell_type"]?.GetValue<string>() is not { } type)
            {
                throw new NotebookFormatException(path, $"cell {i + 1} has no \"cell_type\"");
            }
            var tags = cell["metadata"]?["tags"] is JsonArray t ? t.Select(x => x?.GetValue<string>() ?? "").ToList() : [];
            cells.Add(new NotebookCell(i, type, ReadMultiline(cell["source"], path, i), tags));
        }
        return new NotebookDocument(path, root, cells);
    }

    private static void CheckIsCSharp(string path, JsonObject root)
    {
        var metadata = root["metadata"] as JsonObject;
        var kernelspec = metadata?["kernelspec"] as JsonObject;
        var name = kernelspec?["name"]?.GetValue<string>();
        var language = kernelspec?["language"]?.GetValue<string>();
        var defaultKernel = metadata?["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"]?.GetValue<string>();
        if (name is null && defaultKernel is null)
        {
            throw new NotebookFormatException(path, "names no kernel (metadata.kernelspec is missing); expected a .NET (C#) notebook with kernelspec name \".net-csharp\"");
        }
        var isCSharp = (name is not null && CSharpKernelNames.Contains(name)) || string.Equals(defaultKernel, "csharp", StringComparison.OrdinalIgnoreCase);
        if (!isCSharp)
        {
            throw new NotebookFormatException(path, $"is a {language ?? name ?? defaultKernel} notebook (kernel \"{name ?? defaultKernel}\"), not a C# notebook; expected kernelspec name \".net-csharp\"");
        }
    }

    private static string ReadMultiline(JsonNode? source, string path, int index) => source switch
    {
        null => "",
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>() ?? "")),
        _ => throw new NotebookFormatException(path, $"cell {index + 1} has a \"source\" that is neither a string nor a list of strings"),
    };

    /// <summary>Replaces the outputs of the code cells that ran (index → outputs); other cells keep theirs.</summary>
    public void SetOutputs(IReadOnlyDictionary<int, IReadOnlyList<CellOutput>> outputsByCell)
    {
        var cells = (JsonArray)_root["cells"]!;
        var executionCount = 0;
        foreach (var cell in Cells.Where(c => c.IsCode))
        {
            var json = (JsonObject)cells[cell.Index]!;
            if (!outputsByCell.TryGetValue(cell.Index, out var outputs))
            {
                continue;
            }
            json["execution_count"] = ++executionCount;
            json["outputs"] = new JsonArray(outputs.Select(ToJson).ToArray<JsonNode?>());
        }
    }

    private static JsonObject ToJson(CellOutput output) => output switch
    {
        StreamOutput stream => new JsonObject
        {
            ["name"] = stream.StreamName,
            ["output_type"] = "stream",
            ["text"] = Lines(stream.Text),
        },
        ErrorOutput error => new JsonObject
        {
            ["ename"] = "Error",
            ["evalue"] = error.Text,
            ["output_type"] = "error",
            ["traceback"] = new JsonArray(),
        },
        DisplayOutput display => new JsonObject
        {
            ["data"] = new JsonObject(display.Data.Select(kv => KeyValuePair.Create<string, JsonNode?>(kv.Key, Lines(kv.Value)))),
            ["metadata"] = new JsonObject(),
            ["output_type"] = "display_data",
        },
        _ => throw new UnreachableException(),
    };

    /// <summary>Text as Jupyter stores it: a list of lines, each but the last ending in a newline.</summary>
    private static JsonArray Lines(string text)
    {
        var array = new JsonArray();
        var start = 0;
        while (start < text.Length)
        {
            var newline = text.IndexOf('\n', start);
            var end = newline < 0 ? text.Length : newline + 1;
            array.Add(text[start..end]);
            start = end;
        }
        return array;
    }

    /// <summary>Writes the notebook to <paramref name="path"/> through a temporary file and a rename, so a run killed midway leaves the original intact.</summary>
    public void Save(string? path = null)
    {
        path ??= Path;
        var json = _root.ToJsonString(new JsonSerializerOptions
        {
            WriteIndented = true,
            IndentSize = 1,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        var temporary = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
            {
                writer.Write(json);
                writer.Write('\n');
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message.TrimEnd('.') : message[..end];
    }
}
