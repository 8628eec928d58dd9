using LlmWorkbook.Embeddings;

namespace LlmWorkbook.Tests.Embeddings;

public sealed class WordTokenizerTests
{
    [Fact]
    public void Words_are_lower_case_letter_runs_with_inner_apostrophes()
    {
        Assert.Equal(["don't", "stop", "the", "u", "s", "congress", "in"],
            WordTokenizer.Words("Don't stop the U.S. Congress in 1901!"));
        Assert.Equal(["nation's", "über"], WordTokenizer.Words("Nation’s — Über"));
    }
}
