using System.Text.Json;

namespace LlmWorkbook.Data;

/// <summary>Reading the course's JSON Lines files (evaluation questions, instruction data): one record per line.</summary>
internal static class JsonLines
{
    /// <summary>
    /// Reads one record per non-empty line. A line that is not valid JSON, or that <paramref name="problem"/> rejects
    /// (it returns the reason, or null for a good record), throws an <see cref="InvalidDataException"/> naming the file
    /// and line.
    /// </summary>
    public static List<T> Read<T>(string path, JsonSerializerOptions options, Func<T?, string?> problem)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var records = new List<T>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }
            T? record;
            try
            {
                record = JsonSerializer.Deserialize<T>(line, options);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{Path.GetFileName(path)}, line {lineNumber}: {e.Message}", e);
            }
            if (problem(record) is { } reason)
            {
                throw new InvalidDataException($"{Path.GetFileName(path)}, line {lineNumber}: {reason}");
            }
            records.Add(record!);
        }
        return records;
    }
}
