using LlmWorkbook.Tokenization;

namespace LlmWorkbook.Tests.Tokenization;

public sealed class CourseCorpusTests
{
    [Fact]
    public void Corpus_has_twelve_addresses_and_over_a_megabyte()
    {
        var addresses = CourseCorpus.LoadAddresses();
        Assert.Equal(Enumerable.Range(1901, 12), addresses.Select(a => a.Year));
        Assert.Equal("Theodore Roosevelt", addresses[0].President);
        Assert.Equal("William H. Taft", addresses[^1].President);
        Assert.StartsWith("To the Senate and House of Representatives:", addresses[0].Text);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(CourseCorpus.LoadText()) > 1_300_000);
        Assert.Equal(1_000_000, System.Text.Encoding.UTF8.GetByteCount(CourseCorpus.LoadText(1_000_000)));
    }
}
