using LlmWorkbook.Runner.Protocol;

namespace LlmWorkbook.Runner.Tests.Protocol;

/// <summary>Text within a limit: beginning and end kept, the dropped middle counted.</summary>
public sealed class CappedTextTests
{
    [Fact]
    public void Text_within_the_limit_is_kept_whole()
    {
        var text = new CappedText(10);
        text.Append("abc");
        text.Append("defghij");
        Assert.Equal("abcdefghij", text.ToString());
        Assert.Equal("short", CappedText.Truncate("short", 10));
    }

    [Fact]
    public void Appending_in_pieces_keeps_the_same_beginning_and_end_as_truncating_the_whole()
    {
        var whole = string.Concat(Enumerable.Range(0, 500).Select(i => $"{i},"));
        var pieces = new CappedText(100);
        foreach (var chunk in whole.Chunk(7))
        {
            pieces.Append(chunk);
        }
        Assert.Equal(CappedText.Truncate(whole, 100), pieces.ToString());
        Assert.Equal(whole.Length - 100, pieces.Dropped);
        Assert.StartsWith(whole[..50], pieces.ToString());
        Assert.EndsWith(whole[^50..], pieces.ToString());
        Assert.Contains($"{whole.Length - 100:N0} characters dropped", pieces.ToString());
    }
}
