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
public sealed partial class NotebookDocument
{
    private static readonly HashSet<string> CSharpKernelNames = new(StringComparer.OrdinalIgnoreCase) { ".net-csharp", "csharp", "c#" };

    private readonly JsonObject _root;

    private NotebookDocument(string path, JsonObject root, IReadOnlyList<NotebookCell> cells)
    {
        Path = path;
        _root = root;
        Cells = cells;
    }

    /// <summary>The file the notebook was read from.</summary>
    public string Path { get; }

    /// <summary>Every cell, in file order.</summary>
    public IReadOnlyList<NotebookCell> Cells { get; }

    /// <summary>Reads and checks a notebook file; throws <see cref="NotebookFormatException"/> naming the file and the reason.</summary>
    public static NotebookDocument Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NotebookFormatException(path, $"cannot be read ({e.Message})");
        }
        return Parse(path, DecodeUtf8(path, bytes));
    }

    /// <summary>The text of a UTF-8 file; invalid UTF-8 is refused (naming its byte offset) rather than replaced, so writing back cannot corrupt the file.</summary>
    private static string DecodeUtf8(string path, byte[] bytes)
    {
        var start = bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        var chars = new char[bytes.Length];
        var status = System.Text.Unicode.Utf8.ToUtf16(bytes.AsSpan(start), chars, out var read, out var written, replaceInvalidSequences: false);
        if (status != System.Buffers.OperationStatus.Done)
        {
            throw new NotebookFormatException(path, $"is not valid UTF-8 (byte offset {start + read}); fix the file's encoding before running it");
        }
        return new string(chars, 0, written);
    }

    /// <summary>
    /// Why <c>--write</c> must not replace the file at <paramref name="path"/> (it is read-only), or null. Checks the
    /// mode bits rather than trying to open the file, since root may write to any file.
    /// </summary>
    public static string? CannotWrite(string path)
    {
        var target = TargetOf(path);
        var readOnly = OperatingSystem.IsWindows()
            ? File.GetAttributes(target).HasFlag(FileAttributes.ReadOnly)
            : !File.GetUnixFileMode(target).HasFlag(UnixFileMode.UserWrite);
        return readOnly ? $"{path}: is read-only, so --write will not replace it (make it writable, or run without --write)" : null;
    }

    /// <summary>The file a path names, following symbolic links.</summary>
    private static string TargetOf(string path) =>
        new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? System.IO.Path.GetFullPath(path);

    /// <summary>Checks and reads notebook JSON; <paramref name="path"/> only names the file in errors.</summary>
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
            if (cellArray[i] is not JsonObject cell)
            {
                throw new NotebookFormatException(path, $"cell {i + 1} is not a JSON object");
            }
            if (StringOf(cell["cell_type"]) is not { } type)
            {
                throw new NotebookFormatException(path, $"cell {i + 1} has no \"cell_type\" string");
            }
            var metadata = cell["metadata"];
            if (metadata is not (null or JsonObject))
            {
                throw new NotebookFormatException(path, $"cell {i + 1} has a \"metadata\" that is not an object");
            }
            var tags = metadata?["tags"] switch
            {
                null => [],
                JsonArray t when t.All(x => StringOf(x) is not null) => t.Select(x => StringOf(x)!).ToList(),
                _ => throw new NotebookFormatException(path, $"cell {i + 1} has \"metadata.tags\" that are not a list of strings"),
            };
            cells.Add(new NotebookCell(i, type, ReadMultiline(cell["source"], path, i), tags));
        }
        return new NotebookDocument(path, root, cells);
    }

    private static string? StringOf(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static void CheckIsCSharp(string path, JsonObject root)
    {
        var metadata = root["metadata"] as JsonObject;
        var kernelspec = metadata?["kernelspec"] as JsonObject;
        var name = StringOf(kernelspec?["name"]);
        var language = StringOf(kernelspec?["language"]);
        var defaultKernel = StringOf(((metadata?["polyglot_notebook"] as JsonObject)?["kernelInfo"] as JsonObject)?["defaultKernelName"]);
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
        JsonArray lines when lines.All(l => StringOf(l) is not null) => string.Concat(lines.Select(StringOf)),
        _ => throw new NotebookFormatException(path, $"cell {index + 1} has a \"source\" that is neither a string nor a list of strings"),
    };

    /// <summary>
    /// Replaces the outputs of the code cells that ran (index → outputs); other cells keep theirs. Cell ids are kept;
    /// a cell without one (or with a duplicate) gets a new unique id and the file becomes nbformat 4.5, which requires them.
    /// </summary>
    public void SetOutputs(IReadOnlyDictionary<int, IReadOnlyList<CellOutput>> outputsByCell)
    {
        var cells = (JsonArray)_root["cells"]!;
        EnsureCellIds(cells);
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

    private void EnsureCellIds(JsonArray cells)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var added = false;
        foreach (var cell in cells.Cast<JsonObject>())
        {
            if (StringOf(cell["id"]) is { } id && ValidCellId().IsMatch(id) && used.Add(id))
            {
                continue;
            }
            string fresh;
            do
            {
                fresh = Guid.NewGuid().ToString("N")[..8];
            }
            while (!used.Add(fresh));
            cell["id"] = fresh;
            added = true;
        }
        if (added && !(_root["nbformat_minor"] is JsonValue minor && minor.TryGetValue<int>(out var m) && m >= 5))
        {
            _root["nbformat_minor"] = 5;
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial System.Text.RegularExpressions.Regex ValidCellId();

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

    /// <summary>
    /// Writes the notebook to <paramref name="path"/> through a temporary file and a rename, so a run killed midway
    /// leaves the original intact. A symbolic link stays a link: its target is written, keeping its mode. A read-only
    /// file is refused with an <see cref="IOException"/> naming it.
    /// </summary>
    public void Save(string? path = null)
    {
        path ??= Path;
        var target = File.Exists(path) ? TargetOf(path) : System.IO.Path.GetFullPath(path);
        var mode = File.Exists(target) && !OperatingSystem.IsWindows() ? File.GetUnixFileMode(target) : (UnixFileMode?)null;
        if (File.Exists(target) && CannotWrite(target) is { } reason)
        {
            throw new IOException(reason);
        }
        var json = _root.ToJsonString(new JsonSerializerOptions
        {
            WriteIndented = true,
            IndentSize = 1,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
        var directory = System.IO.Path.GetDirectoryName(target)!;
        var temporary = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(target)}.{Environment.ProcessId}.tmp");
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
            if (!OperatingSystem.IsWindows() && mode is { } keep)
            {
                File.SetUnixFileMode(temporary, keep);
            }
            File.Move(temporary, target, overwrite: true);
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
