using System.Text;
using LlmWorkbook.Gpt;
using LlmWorkbook.Prompting;
using LlmWorkbook.Tokenization;

namespace LlmWorkbook.Tests.Prompting;

public sealed class ContextSpanConstraintTests
{
    private const string Source = "A loan of 3,000,000 florins was completed in Holland; the Army was increased.";

    private static readonly Lazy<ByteLevelBpeTokenizer> Tokenizer = new(() => CourseGpt.LoadTokenizer(WorkbookPaths.CommittedData(CourseGpt.TokenizerPath)));

    [Fact]
    public void Every_walk_through_allowed_tokens_stays_a_piece_of_the_source_and_ends_only_after_a_token()
    {
        var tokenizer = Tokenizer.Value;
        var end = tokenizer.SpecialTokenId(ChatTemplate.ImEnd);
        var source = Encoding.UTF8.GetBytes(Source);
        var allowed = new bool[tokenizer.VocabSize];
        for (var seed = 0; seed < 40; seed++)
        {
            var random = new Random(seed);
            var constraint = new ContextSpanConstraint(Source, tokenizer, end);
            var reply = new List<int>();
            while (!constraint.HasEnded)
            {
                constraint.Mask(allowed);
                Assert.Equal(reply.Count > 0, allowed[end]);
                Assert.All(tokenizer.SpecialTokens.Values.Where(id => id != end), id => Assert.False(allowed[id]));
                var choices = Enumerable.Range(0, allowed.Length).Where(id => allowed[id]).ToList();
                Assert.NotEmpty(choices);
                var token = choices[random.Next(choices.Count)];
                constraint.Accept(token);
                if (token != end)
                {
                    reply.Add(token);
                    Assert.True(source.AsSpan().IndexOf(tokenizer.DecodeBytes(reply)) >= 0, $"seed {seed}: '{tokenizer.Decode(reply)}' is not in the source");
                }
            }
            Assert.NotEmpty(reply);
        }
    }

    [Fact]
    public void A_token_that_leaves_the_source_is_refused()
    {
        var tokenizer = Tokenizer.Value;
        var end = tokenizer.SpecialTokenId(ChatTemplate.ImEnd);
        var constraint = new ContextSpanConstraint(Source, tokenizer, end);
        Assert.Throws<InvalidOperationException>(() => constraint.Accept(end));   // nothing copied yet
        foreach (var token in tokenizer.Encode("florins was"))
        {
            constraint.Accept(token);
        }
        var allowed = new bool[tokenizer.VocabSize];
        constraint.Mask(allowed);
        Assert.True(allowed[tokenizer.Encode(" completed")[0]]);
        Assert.False(allowed[tokenizer.Encode(" repaid")[0]]);
        Assert.Throws<InvalidOperationException>(() => constraint.Accept(tokenizer.Encode(" repaid")[0]));
    }
}
