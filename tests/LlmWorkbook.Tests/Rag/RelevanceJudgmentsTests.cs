using LlmWorkbook.Evaluation;
using LlmWorkbook.Rag;
using LlmWorkbook.Tokenization;

namespace LlmWorkbook.Tests.Rag;

public sealed class RelevanceJudgmentsTests
{
    private static readonly CourseCorpus.Address Address = CourseCorpus.LoadAllAddresses().First(a => a.Year == 1791);
    private static readonly EvalQuestion Mint = EvalSet.Dev().Single(q => q.Id == "h002");

    [Fact]
    public void A_chunk_is_relevant_when_it_overlaps_the_evidence_and_holds_the_answer()
    {
        var chunks = Chunker.BySentences(Address, maxWords: 60, overlapSentences: 0);
        var judgments = new RelevanceJudgments(chunks).For(Mint);

        var relevant = Assert.Single(judgments);
        var chunk = chunks.Single(c => c.Id == relevant.Key);
        Assert.Equal(1, relevant.Value);
        Assert.Contains("the establishment of a mint", chunk.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(chunk.Text, Mint.Evidence!);
    }

    [Fact]
    public void Overlapping_chunks_count_when_every_one_was_cut_through_the_answer()
    {
        // One-sentence chunks, with the evidence's chunk edited so the answer is no longer in it.
        var original = Chunker.BySentences(Address, maxWords: 1, overlapSentences: 0);
        var edited = original
            .Select(c => Mint.Evidence!.Contains(c.Text, StringComparison.Ordinal) ? c with { Text = c.Text.Replace("mint", "m-") } : c)
            .ToList();

        var judgments = new RelevanceJudgments(edited).For(Mint);

        Assert.NotEmpty(judgments);
        Assert.All(judgments.Keys, id => Assert.Contains(original.Single(c => c.Id == id).Text, Mint.Evidence!));
    }

    [Fact]
    public void Chunks_of_other_addresses_and_unanswerable_questions_have_no_relevant_chunk()
    {
        var other = CourseCorpus.LoadAllAddresses().First(a => a.Year == 1792);
        var judgments = new RelevanceJudgments(Chunker.BySentences(other, 60, 0));

        Assert.Empty(judgments.For(Mint));
        Assert.Empty(judgments.For(EvalSet.Dev().First(q => !q.Answerable)));
    }

    [Fact]
    public void Every_answerable_question_of_the_eval_set_has_a_relevant_chunk()
    {
        var chunks = CourseCorpus.LoadAllAddresses().SelectMany(a => Chunker.BySentences(a, 120, 1)).ToList();
        var judgments = new RelevanceJudgments(chunks);

        Assert.All(EvalSet.Dev().Concat(EvalSet.Test()).Where(q => q.Answerable), q => Assert.NotEmpty(judgments.For(q)));
    }

    [Fact]
    public void A_question_whose_evidence_is_not_in_its_address_is_named()
    {
        var judgments = new RelevanceJudgments(Chunker.BySentences(Address, 60, 0));

        var error = Assert.Throws<ArgumentException>(() => judgments.For(Mint with { Evidence = "Not a sentence of the address." }));
        Assert.Contains("h002", error.Message);
    }
}
