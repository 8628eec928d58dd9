using System.Globalization;
using System.Text;

namespace LlmWorkbook.Tokenization;

/// <summary>
/// The tiktoken rank file format (as in cl100k_base.tiktoken): one line per ordinary token,
/// "base64(token bytes) rank". Special tokens are not part of the file; they are passed separately.
/// </summary>
public static class TiktokenFile
{
    /// <summary>Writes the tokenizer's ordinary tokens, one "base64 rank" line each, in rank order.</summary>
    public static void Write(ByteLevelBpeTokenizer tokenizer, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(destination);
        using var writer = new StreamWriter(destination, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
        foreach (var (bytes, rank) in tokenizer.Ranks)
        {
            writer.Write(Convert.ToBase64String(bytes));
            writer.Write(' ');
            writer.WriteLine(rank.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Writes the tokenizer's ordinary tokens to a file (see <see cref="Write(ByteLevelBpeTokenizer, Stream)"/>).</summary>
    public static void Write(ByteLevelBpeTokenizer tokenizer, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = File.Create(path);
        Write(tokenizer, file);
    }

    /// <summary>Reads a rank file (see <see cref="Read(Stream, string?)"/>); errors name the file and line.</summary>
    public static Dictionary<byte[], int> Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = File.OpenRead(path);
        return Read(file, Path.GetFileName(path));
    }

    /// <summary>
    /// Reads "base64 rank" lines. Also reads the compact form Microsoft.ML.Tokenizers' data packages embed: a
    /// "Capacity: N" header, then base64 alone, the rank being the line's position.
    /// </summary>
    /// <remarks>
    /// Ranks must be 0, 1, 2, … in file order, as tiktoken writes them: a gap would leave an id without a token
    /// (and collide with special tokens numbered after the ranks). At most
    /// <see cref="ByteLevelBpeTokenizer.MaxVocabSize"/> ranks are read, so a corrupt file cannot make a tokenizer
    /// allocate a table for billions of ids. Every one of the 256 single bytes must have a rank, as byte-level BPE
    /// needs. Every error is an <see cref="InvalidDataException"/> naming the source and, where there is one, the line.
    /// </remarks>
    /// <param name="source">The rank file's text (UTF-8).</param>
    /// <param name="sourceName">The name errors give the file; by default the file name of a <see cref="FileStream"/>.</param>
    public static Dictionary<byte[], int> Read(Stream source, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        sourceName ??= source is FileStream file ? Path.GetFileName(file.Name) : "tiktoken ranks";
        var ranks = new Dictionary<byte[], int>(ByteSequenceComparer.Instance);
        var lineOfRank = new List<int>();
        using var reader = new StreamReader(source, Encoding.UTF8, leaveOpen: true);
        var lineNumber = 0;
        var compact = false;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (lineNumber == 1 && line.StartsWith("Capacity:", StringComparison.Ordinal))
            {
                compact = true;
                continue;
            }
            if (line.Length == 0)
            {
                continue;
            }
            var at = $"{sourceName}:{lineNumber}";
            var space = line.IndexOf(' ');
            var expectedRank = ranks.Count;
            var rank = expectedRank;
            if (space < 0 && !compact)
            {
                throw new InvalidDataException($"{at}: expected 'base64 rank', found '{Shorten(line)}'");
            }
            if (space >= 0 && !int.TryParse(line.AsSpan(space + 1), NumberStyles.None, CultureInfo.InvariantCulture, out rank))
            {
                throw new InvalidDataException($"{at}: '{Shorten(line[(space + 1)..])}' is not a rank (a whole number from 0 to {ByteLevelBpeTokenizer.MaxVocabSize - 1})");
            }
            if (rank >= ByteLevelBpeTokenizer.MaxVocabSize)
            {
                throw new InvalidDataException($"{at}: rank {rank} is beyond the largest vocabulary this library reads ({ByteLevelBpeTokenizer.MaxVocabSize:N0} tokens)");
            }
            if (rank < expectedRank)
            {
                throw new InvalidDataException($"{at}: rank {rank} repeats line {lineOfRank[rank]}");
            }
            if (rank > expectedRank)
            {
                var missing = rank == expectedRank + 1 ? $"rank {expectedRank} is missing" : $"ranks {expectedRank} to {rank - 1} are missing";
                throw new InvalidDataException($"{at}: rank {rank} follows rank {expectedRank - 1}; {missing} (ranks must be 0, 1, 2, … in order)");
            }
            var base64 = space >= 0 ? line[..space] : line;
            var bytes = new byte[base64.Length / 4 * 3];
            if (!Convert.TryFromBase64String(base64, bytes, out var length))
            {
                throw new InvalidDataException($"{at}: '{Shorten(base64)}' is not base64");
            }
            if (length == 0)
            {
                throw new InvalidDataException($"{at}: rank {rank} is an empty token");
            }
            var token = bytes[..length];
            if (!ranks.TryAdd(token, rank))
            {
                throw new InvalidDataException($"{at}: token '{base64}' repeats line {lineOfRank[ranks[token]]}");
            }
            lineOfRank.Add(lineNumber);
        }
        var lookup = ranks.GetAlternateLookup<ReadOnlySpan<byte>>();
        for (var b = 0; b < 256; b++)
        {
            if (!lookup.ContainsKey([(byte)b]))
            {
                throw new InvalidDataException($"{sourceName}: byte 0x{b:X2} has no rank; a byte-level BPE vocabulary needs all 256 single bytes");
            }
        }
        return ranks;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
