using LlmWorkbook.FineTuning;

namespace LlmWorkbook.Tests.FineTuning;

public sealed class TopicLexiconTests
{
    [Fact]
    public void A_passage_gets_the_label_whose_keywords_clearly_win()
    {
        Assert.Equal("agriculture", TopicLexicon.Classify("The farmers of the West harvested more wheat and corn than ever, and the cotton crop was large."));
        Assert.Equal("education", TopicLexicon.Classify("Our schools need teachers; the colleges and universities ask for aid to education."));
        Assert.Equal(TopicLexicon.Labels.Count, TopicLexicon.Scores("anything").Count);
    }

    [Fact]
    public void A_passage_without_a_clear_winner_gets_none()
    {
        Assert.Null(TopicLexicon.Classify("The weather was fine."));
        // Three hits for war and two for agriculture: too few hits, and no margin.
        Assert.Null(TopicLexicon.Classify("The army and navy fed their troops on wheat and corn."));
        Assert.Equal(TopicLexicon.Labels.Count, TopicLexicon.Labels.Distinct().Count());
    }
}
