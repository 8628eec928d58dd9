using LlmWorkbook.Evaluation;
using LlmWorkbook.Rag;
using LlmWorkbook.Tests.Prompting;
using LlmWorkbook.Tokenization;

namespace LlmWorkbook.Tests.Rag;

public sealed class RagEvaluationTests
{
    private static readonly CourseCorpus.Address[] Addresses =
    [
        new(1862, "Abraham Lincoln", "r", "The navy has grown to 427 vessels. Its ships guard the coast. The mint at Denver is nearly ready."),
        new(1863, "Abraham Lincoln", "r", "Customs receipts rose by a third. The harvest was plentiful in the West."),
    ];

    private static readonly List<Chunk> Chunks = Addresses.SelectMany(a => Chunker.BySentences(a, maxWords: 1, overlapSentences: 0)).ToList();

    private static EvalQuestion Q(string id, string question, string answer, int year, string? evidence) =>
        new(id, question, answer, year, "Abraham Lincoln", evidence, "fact");

    private static readonly EvalQuestion[] Questions =
    [
        Q("navy", "How many vessels does the navy have?", "427 vessels", 1862, "The navy has grown to 427 vessels."),
        Q("harvest", "Where was the harvest plentiful?", "in the West", 1863, "The harvest was plentiful in the West."),
        Q("zeppelin", "How many ships were zeppelins?", EvalSet.NotInCorpus, 1862, null),
    ];

    [Fact]
    public async Task Each_question_is_scored_for_retrieval_answer_and_citation_and_its_failure_named()
    {
        // The reader answers the navy question right, misreads the harvest one, and answers the unanswerable one.
        var chat = new ScriptedChatClient("427 vessels [1]", "the harvest [1]", "12 [1]");
        var answerer = GroundedAnswerer.WithChat(new Bm25Retriever(Chunks), chat, new GroundedAnswerOptions(Sources: 1));

        var predictions = await RagEvaluation.RunAsync(answerer, Questions, new RelevanceJudgments(Chunks, Addresses));

        Assert.Equal([RagOutcome.Right, RagOutcome.ReadingMiss, RagOutcome.FalseAnswer], predictions.Select(p => p.Outcome));
        Assert.Equal([1.0, 1.0], predictions.Take(2).Select(p => p.RecallAt5));
        Assert.True(double.IsNaN(predictions[2].RecallAt5));
        var scores = RagScores.Of("bm25 → scripted", predictions);
        Assert.Equal(1.0 / 3, scores.Exact, 12);
        Assert.Equal(1.0, scores.RecallAt5);
        Assert.Equal(1.0, scores.Mrr);
        Assert.Equal(2.0 / 3, scores.CitationAccuracy, 12); // "12" is not in its source
        Assert.Equal(1, scores.Outcomes[RagOutcome.ReadingMiss]);
    }

    [Fact]
    public async Task A_relevant_chunk_missing_from_the_sources_is_a_retrieval_miss()
    {
        // Only the 1863 chunks can be retrieved, so the navy question's evidence is never among the sources.
        var retriever = new Bm25Retriever(Chunks.Where(c => c.Year == 1863));
        var answerer = GroundedAnswerer.Lexical(retriever, new GroundedAnswerOptions(Sources: 1));

        var predictions = await RagEvaluation.RunAsync(answerer, Questions.Take(2), new RelevanceJudgments(Chunks, Addresses));

        Assert.Equal(RagOutcome.RetrievalMiss, predictions[0].Outcome);
        Assert.Equal(0, predictions[0].RecallAt5);
        var (recall, mrr) = await RagEvaluation.RetrievalAsync(retriever, Questions, new RelevanceJudgments(Chunks, Addresses));
        Assert.Equal((0.5, 0.5), (recall, mrr));
    }
}
