using LlmWorkbook.Tokenization;

namespace LlmWorkbook.Tests.Tokenization;

public sealed class MultilingualSamplesTests
{
    [Fact]
    public void The_samples_cover_twelve_languages()
    {
        var samples = MultilingualSamples.Load();
        Assert.Equal(12, samples.Count);
        Assert.Equal("en", samples[0].Code);
        Assert.All(samples, s => Assert.True(s.Text.Length > 40));
    }
}
