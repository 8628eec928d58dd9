using LlmWorkbook.Tokenization;

namespace LlmWorkbook.Tests.Tokenization;

public sealed class CourseCorpusTests
{
    [Fact]
    public void Part_one_reads_twelve_addresses_and_over_a_megabyte()
    {
        var addresses = CourseCorpus.LoadAddresses();
        Assert.Equal(Enumerable.Range(1901, 12), addresses.Select(a => a.Year));
        Assert.Equal("Theodore Roosevelt", addresses[0].President);
        Assert.Equal("William H. Taft", addresses[^1].President);
        Assert.All(addresses, a => Assert.Equal("r", a.Party));
        Assert.StartsWith("To the Senate and House of Representatives:", addresses[0].Text);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(CourseCorpus.LoadText()) > 1_300_000);
        Assert.Equal(1_000_000, System.Text.Encoding.UTF8.GetByteCount(CourseCorpus.LoadText(1_000_000)));
    }

    [Fact]
    public void All_addresses_run_from_Washington_to_Biden_in_the_order_given()
    {
        var all = CourseCorpus.LoadAllAddresses();
        Assert.Equal(233, all.Count);
        Assert.Equal((1790, "George Washington", "n"), (all[0].Year, all[0].President, all[0].Party));
        Assert.Equal((2021, "Joseph R. Biden", "d"), (all[^1].Year, all[^1].President, all[^1].Party));
        // Two addresses in 1953 and 1961: the outgoing president's came first.
        Assert.Equal(["Harry S. Truman", "Dwight D. Eisenhower"], all.Where(a => a.Year == 1953).Select(a => a.President));
        Assert.Equal(["Dwight D. Eisenhower", "John F. Kennedy"], all.Where(a => a.Year == 1961).Select(a => a.President));
        Assert.True(all.Zip(all.Skip(1)).All(p => p.First.Year <= p.Second.Year));
    }

    [Fact]
    public void The_pretraining_split_holds_out_validation_addresses_from_every_era_and_everything_after_2000()
    {
        var split = CourseCorpus.Pretraining();
        var all = CourseCorpus.LoadAllAddresses();
        Assert.Equal(all.Count, split.Train.Count + split.Validation.Count + split.Unseen.Count);
        Assert.Empty(split.Train.Intersect(split.Validation));
        Assert.Equal(Enumerable.Range(2001, 21), split.Unseen.Select(a => a.Year));
        Assert.All(split.Train.Concat(split.Validation), a => Assert.InRange(a.Year, 1790, CourseCorpus.LastPretrainingYear));
        Assert.Equal([1800, 1820, 1840, 1860, 1880, 1900, 1920, 1941, 1960, 1979, 1999], split.Validation.Select(a => a.Year));
    }
}
