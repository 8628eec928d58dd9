using LlmWorkbook.FineTuning;

namespace LlmWorkbook.Tests.FineTuning;

public sealed class ExtractionSchemaTests
{
    private const string Passage = "A loan of $3,000,000 at 5% was made in Holland in 1790, and $1.75 millions more in 1791. " +
        "Our ships sailed to the Gulf of Mexico; the Government of Mexico and Great Britain agreed. New Mexico grew by 1,850 people.";

    [Fact]
    public void The_reply_is_one_line_of_json_with_the_keys_in_order_and_values_as_written()
    {
        Assert.Equal("""{"year":1934,"president":"Franklin D. Roosevelt","amounts":["$3,000,000","$1.75 millions"],"countries":["Holland","Mexico","Great Britain"]}""",
            ExtractionSchema.All[0].Reply(1934, "Franklin D. Roosevelt", Passage));
        Assert.Equal("""{"amounts":["$3,000,000","$1.75 millions"],"percentages":["5%"],"years":[1790,1791]}""",
            ExtractionSchema.All[1].Reply(1934, "Franklin D. Roosevelt", Passage));
        Assert.Equal("""{"president":"F","countries":[],"years":[]}""", ExtractionSchema.All[2].Reply(1, "F", "Nothing here."));
        Assert.True(ExtractionSchema.All[2].FindsNothingIn("Nothing here."));
        Assert.False(ExtractionSchema.All[1].FindsNothingIn(Passage));
    }

    [Fact]
    public void The_request_describes_every_key()
    {
        Assert.All(ExtractionSchema.All, s => Assert.All(s.Keys, k => Assert.Contains($"{k} ({ExtractionSchema.KeyDescriptions[k]})", s.Describe())));
        Assert.StartsWith("year (the year of the address, a number); president (", ExtractionSchema.All[0].Describe());
    }
}
