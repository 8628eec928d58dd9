using LlmWorkbook.Chat;
using LlmWorkbook.Gpt;
using LlmWorkbook.Tokenization;
using LlmWorkbook.Evaluation;
using LlmWorkbook.Rag;
using LlmWorkbook.Tests.Prompting;

namespace LlmWorkbook.Tests.Rag;

public sealed class GroundedAnswererTests
{
    private static readonly Chunk[] Chunks =
    [
        new("1862-lincoln-001", 1862, "Abraham Lincoln", "Republican", 0, 1, "The Territory of Colorado has been organized. The mint at Denver is nearly ready."),
        new("1862-lincoln-002", 1862, "Abraham Lincoln", "Republican", 2, 3, "The navy has grown to 427 vessels. Its ships guard the coast."),
        new("1863-lincoln-001", 1863, "Abraham Lincoln", "Republican", 0, 0, "Customs receipts rose by a third."),
    ];

    private static readonly Bm25Retriever Retriever = new(Chunks);

    [Fact]
    public async Task The_chat_reader_gets_numbered_sources_and_its_citations_are_parsed()
    {
        var chat = new ScriptedChatClient("427 vessels [1] [1]");
        var answerer = GroundedAnswerer.WithChat(Retriever, chat, new GroundedAnswerOptions(Sources: 2));

        var answer = await answerer.AnswerAsync("How many vessels did the navy have, by the Territory's count?");

        Assert.Equal("427 vessels", answer.Answer);
        Assert.Equal([1], answer.Citations);
        Assert.False(answer.NotInCorpus);
        Assert.Equal("1862-lincoln-002", answer.Sources[0].Chunk.Id);
        var user = chat.Requests[0].Messages[1].Text;
        Assert.StartsWith("Context:\n[1] The navy has grown", user);
        Assert.Contains("\n[2] The Territory of Colorado", user);
        Assert.EndsWith("Question: How many vessels did the navy have, by the Territory's count?", user);
        Assert.Equal(GroundedAnswerer.SystemPrompt, chat.Requests[0].Messages[0].Text);
        Assert.True(CitationChecker.Check(answer).Valid);
    }

    [Fact]
    public async Task Nothing_retrieved_above_the_minimum_score_is_not_in_the_corpus_without_asking_the_reader()
    {
        var chat = new ScriptedChatClient();
        var answerer = GroundedAnswerer.WithChat(Retriever, chat, new GroundedAnswerOptions(MinScore: 100));

        var unrelated = await GroundedAnswerer.WithChat(Retriever, chat).AnswerAsync("zeppelins and submarines");
        var weak = await answerer.AnswerAsync("How many vessels did the navy have?");

        Assert.All([unrelated, weak], a => Assert.Equal((EvalSet.NotInCorpus, true), (a.Answer, a.NotInCorpus)));
        Assert.Empty(chat.Requests);
        Assert.False(CitationChecker.Check(weak).Answered);
    }

    [Fact]
    public async Task An_abstaining_reader_gives_not_in_the_corpus()
    {
        var answer = await GroundedAnswerer.WithChat(Retriever, new ScriptedChatClient("The context does not say.")).AnswerAsync("What did the navy have?");

        Assert.True(answer.NotInCorpus);
        Assert.Equal(EvalSet.NotInCorpus, answer.Answer);
    }

    [Fact]
    public async Task Copying_from_the_sources_asks_for_a_span_and_cites_the_source_that_holds_it()
    {
        var chat = new ScriptedChatClient("Its ships guard the coast.");
        var answerer = GroundedAnswerer.WithChat(Retriever, chat, new GroundedAnswerOptions(Sources: 2, CopyFromSources: true));

        var answer = await answerer.AnswerAsync("What do the navy's ships guard?");

        Assert.Equal([1], answer.Citations);
        Assert.Contains("Its ships guard the coast.", (string)chat.Requests[0].Options!.AdditionalProperties![CourseChatClient.CopyFromKey]!);
        Assert.True(CitationChecker.Check(answer).Valid);
    }

    [Fact]
    public async Task The_lexical_reader_answers_with_the_best_overlapping_sentence_and_cites_it()
    {
        var answer = await GroundedAnswerer.Lexical(Retriever, new GroundedAnswerOptions(Sources: 3)).AnswerAsync("Where is the mint nearly ready?");

        Assert.Equal("The mint at Denver is nearly ready.", answer.Answer);
        Assert.Equal("1862-lincoln-001", answer.Sources[answer.Citations.Single() - 1].Chunk.Id);
        Assert.True(CitationChecker.Check(answer).Valid);
    }

    [Theory]
    [InlineData("427 vessels [3]", false, true, false)]    // source 3 was not given: only 2 were
    [InlineData("427 vessels", false, false, false)]       // no citation
    [InlineData("427 vessels [2]", true, true, false)]     // source 2 does not say it
    [InlineData("The 427 VESSELS! [1]", true, true, true)]  // normalized, source 1 says it
    public void The_checker_needs_existing_cited_sources_that_contain_the_answer(string reply, bool citedExist, bool cited, bool valid)
    {
        var sources = new[] { new RetrievedChunk(Chunks[1], 2), new RetrievedChunk(Chunks[0], 1) };
        var citations = System.Text.RegularExpressions.Regex.Matches(reply, @"\[(\d)\]").Select(m => int.Parse(m.Groups[1].Value)).ToList();
        var answer = new GroundedAnswer("q", reply, reply.Split(" [")[0], citations, sources, NotInCorpus: false);

        var verdict = CitationChecker.Check(answer);

        Assert.Equal(cited, verdict.Cited);
        Assert.Equal(citedExist, cited && verdict.MissingSources.Count == 0);
        Assert.Equal(valid, verdict.Valid);
        Assert.Equal(valid, verdict.Supported);
    }

    [Fact]
    public async Task Sources_stop_at_the_word_budget_and_a_long_first_source_is_cut()
    {
        var lexical = GroundedAnswerer.Lexical(Retriever, new GroundedAnswerOptions(Sources: 3, MaxSourceWords: 12));
        var tight = GroundedAnswerer.Lexical(Retriever, new GroundedAnswerOptions(Sources: 3, MaxSourceWords: 4));
        const string Question = "How many vessels did the navy have, by the Territory's count?";

        var first = await lexical.AnswerAsync(Question);
        var cut = await tight.AnswerAsync(Question);

        Assert.Equal(["1862-lincoln-002"], first.Sources.Select(s => s.Chunk.Id)); // 11 words; the next source would pass 12
        Assert.Equal("The navy has grown", Assert.Single(cut.Sources).Chunk.Text);
    }

    [Fact]
    public async Task For_the_course_model_the_sources_are_fitted_to_its_window_in_tokens()
    {
        var tokenizer = CourseGpt.LoadTokenizer(WorkbookPaths.CommittedData(CourseGpt.TokenizerPath));
        var imEnd = tokenizer.SpecialTokenId(ChatTemplate.ImEnd);
        var prompts = new List<int>();
        IEnumerable<int> Reply(IReadOnlyList<int> prompt, SamplingOptions sampling, int seed)
        {
            prompts.Add(prompt.Count);
            return tokenizer.Encode("The context does not say.").Append(imEnd);
        }
        var longText = string.Join(' ', Enumerable.Repeat("The navy has grown to 427 vessels in the year.", 12)); // 108 words
        var chunks = new[] { Chunks[0] with { Text = longText + " first" }, Chunks[1] with { Text = longText + " second" } };
        using var narrow = new CourseChatClient(tokenizer, 200, Reply, "scripted");
        using var wide = new CourseChatClient(tokenizer, 2000, Reply, "scripted");
        var options = new GroundedAnswerOptions(Sources: 2, MaxSourceWords: 1000, Chat: new() { MaxOutputTokens = 20 });

        var fitted = await GroundedAnswerer.WithChat(new Bm25Retriever(chunks), narrow, options).AnswerAsync("How many vessels?");
        var whole = await GroundedAnswerer.WithChat(new Bm25Retriever(chunks), wide, options).AnswerAsync("How many vessels?");

        Assert.Equal(2, whole.Sources.Count);
        var cut = Assert.Single(fitted.Sources);
        Assert.StartsWith(cut.Chunk.Text, longText);
        Assert.True(prompts[0] + 20 <= 200, $"the prompt has {prompts[0]} tokens");
        Assert.Equal(narrow.CountPromptTokens(GroundedAnswerer.Prompt("How many vessels?", fitted.Sources)), prompts[0]);
    }
}
