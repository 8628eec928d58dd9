using LlmWorkbook.FineTuning;

namespace LlmWorkbook.Tests.FineTuning;

public sealed class SentenceSplitterTests
{
    [Fact]
    public void Splits_at_sentence_ends_but_not_after_abbreviations_or_initials()
    {
        const string text = "Mr. Marcy met Gen. Scott at St. Louis. Franklin D. Roosevelt spoke in the U.S. Senate. Was it 5? Yes! " +
            "It cost $1.75 millions. . . . . Civilization cannot go back.";
        var sentences = SentenceSplitter.Split(text);
        Assert.Equal(
        [
            "Mr. Marcy met Gen. Scott at St. Louis.", "Franklin D. Roosevelt spoke in the U.S. Senate.", "Was it 5?", "Yes!",
            "It cost $1.75 millions.", ".", ".", ".", ".", "Civilization cannot go back.",
        ], sentences.Select(s => s.Text));
        Assert.All(sentences, s => Assert.Equal(s.Text, text[s.Start..s.End]));
    }

    [Fact]
    public void A_quote_or_bracket_closing_a_sentence_stays_with_it()
    {
        var sentences = SentenceSplitter.Split("He said \"no.\" Then (as before.) We left.  ");
        Assert.Equal(["He said \"no.\"", "Then (as before.)", "We left."], sentences.Select(s => s.Text));
        Assert.Empty(SentenceSplitter.Split("   "));
    }
}
