using System.Globalization;
using System.Text;

namespace LlmWorkbook.Tokenization;

/// <summary>
/// The tiktoken rank file format (as in cl100k_base.tiktoken): one line per ordinary token,
/// "base64(token bytes) rank". Special tokens are not part of the file; they are passed separately.
/// </summary>
public static class TiktokenFile
{
    public static void Write(ByteLevelBpeTokenizer tokenizer, Stream destination)
    {
        using var writer = new StreamWriter(destination, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
        foreach (var (bytes, rank) in tokenizer.Ranks)
        {
            writer.Write(Convert.ToBase64String(bytes));
            writer.Write(' ');
            writer.WriteLine(rank.ToString(CultureInfo.InvariantCulture));
        }
    }

    public static void Write(ByteLevelBpeTokenizer tokenizer, string path)
    {
        using var file = File.Create(path);
        Write(tokenizer, file);
    }

    /// <summary>
    /// Reads "base64 rank" lines. Also reads the compact form Microsoft.ML.Tokenizers' data packages embed: a
    /// "Capacity: N" header, then base64 alone, the rank being the line's position.
    /// </summary>
    public static Dictionary<byte[], int> Read(Stream source)
    {
        var ranks = new Dictionary<byte[], int>(ByteSequenceComparer.Instance);
        using var reader = new StreamReader(source, Encoding.UTF8, leaveOpen: true);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0 || (lineNumber == 1 && line.StartsWith("Capacity:", StringComparison.Ordinal)))
            {
                continue;
            }
            var space = line.IndexOf(' ');
            var rank = ranks.Count;
            if (space >= 0 && !int.TryParse(line.AsSpan(space + 1), NumberStyles.None, CultureInfo.InvariantCulture, out rank))
            {
                throw new FormatException($"Line {lineNumber} is not 'base64 rank': '{line}'.");
            }
            if (!ranks.TryAdd(Convert.FromBase64String(space >= 0 ? line[..space] : line), rank))
            {
                throw new FormatException($"Line {lineNumber} repeats a token.");
            }
        }
        return ranks;
    }
}
