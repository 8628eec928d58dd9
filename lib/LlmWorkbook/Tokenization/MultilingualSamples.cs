namespace LlmWorkbook.Tokenization;

/// <summary>One short passage in twelve languages (data/multilingual/library-passage.tsv, written for the course).</summary>
public static class MultilingualSamples
{
    public sealed record Sample(string Code, string Language, string Text);

    public static IReadOnlyList<Sample> Load() =>
        File.ReadLines(WorkbookPaths.CommittedData("multilingual/library-passage.tsv"), System.Text.Encoding.UTF8)
            .Skip(1)
            .Where(line => line.Length > 0)
            .Select(line => line.Split('\t'))
            .Select(fields => new Sample(fields[0], fields[1], fields[2]))
            .ToList();
}
