using System.Text.Json;
using LlmWorkbook.Chat;
using LlmWorkbook.Gpt;
using LlmWorkbook.Tests.Gpt;
using LlmWorkbook.Tests.Tokenization;
using LlmWorkbook.Tokenization;
using Microsoft.Extensions.AI;

namespace LlmWorkbook.Tests.Chat;

[Collection(TorchGlobalGenerator.Name)]
public sealed class CourseChatClientTests
{
    private static ByteLevelBpeTokenizer Tokenizer => ChatTemplateTests.Tokenizer.Value;

    private static int ImEnd => Tokenizer.SpecialTokenId(ChatTemplate.ImEnd);

    private static readonly ChatMessage[] Question = [new(ChatRole.System, "You are terse."), new(ChatRole.User, "Hello there!")];

    /// <summary>A tiny model with random weights over the test tokenizer: it writes noise, but real noise from a real forward pass.</summary>
    private static GptModel RandomModel() =>
        GptModelTests.RandomizedTiny(GptModelTests.Tiny with { VocabSize = Tokenizer.VocabSize, ContextLength = 96 });

    /// <summary>
    /// Stands in for the model where a test needs exact text: each request gets the next scripted reply's tokens
    /// followed by &lt;|im_end|&gt;, or, past the script, "Hello " forever. Records every prompt it is given.
    /// </summary>
    private sealed class ScriptedModel(params string[] replies)
    {
        public List<string> Prompts { get; } = [];

        public CourseChatClient Client(int contextLength = 1024) => new(Tokenizer, contextLength, Generate, "scripted");

        public static IEnumerable<int> Endless()
        {
            while (true)
            {
                foreach (var token in Tokenizer.Encode("Hello "))
                {
                    yield return token;
                }
            }
        }

        private IEnumerable<int> Generate(IReadOnlyList<int> prompt, SamplingOptions sampling, int seed)
        {
            Prompts.Add(Tokenizer.Decode(prompt));
            return Prompts.Count <= replies.Length ? Tokenizer.Encode(replies[Prompts.Count - 1]).Append(ImEnd) : Endless();
        }
    }

    private static async Task<List<ChatResponseUpdate>> Collect(IAsyncEnumerable<ChatResponseUpdate> updates)
    {
        var list = new List<ChatResponseUpdate>();
        await foreach (var update in updates)
        {
            list.Add(update);
        }
        return list;
    }

    [Fact]
    public async Task Streaming_and_non_streaming_give_the_generators_reply_for_a_fixed_seed()
    {
        using var model = RandomModel();
        using var client = new CourseChatClient(model, Tokenizer);
        var options = new ChatOptions { Temperature = 1f, TopK = 50, MaxOutputTokens = 30, Seed = 11 };

        var updates = await Collect(client.GetStreamingResponseAsync(Question, options));
        var response = await client.GetResponseAsync(Question, options);

        var prompt = new ChatTemplate(Tokenizer).Encode(Question);
        var tokens = GptGenerator.Generate(model, prompt, 30, new SamplingOptions(1.0, TopK: 50), seed: 11);
        var replyTokens = tokens.TakeWhile(t => !Tokenizer.IsSpecial(t)).ToArray();
        var expected = Tokenizer.Decode(replyTokens);
        Assert.True(expected.Length >= 20, $"a short reply would make the comparison weak: '{expected}'");
        Assert.Equal(expected, string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(expected, response.Text);
        Assert.True(updates.Count(u => u.Text.Length > 0) > 5, "the reply streams in pieces");
        var finish = replyTokens.Length < tokens.Length ? ChatFinishReason.Stop : ChatFinishReason.Length;
        Assert.Equal(finish, response.FinishReason);
        Assert.Equal(finish, updates[^1].FinishReason);
        Assert.Equal(Math.Min(replyTokens.Length + 1, 30), response.Usage!.OutputTokenCount);
        Assert.Equal(CourseChatClient.DefaultModelId, response.ModelId);
        Assert.Single(response.Messages);
        Assert.Equal(ChatRole.Assistant, response.Messages[0].Role);
    }

    [Fact]
    public async Task Seeds_change_a_sampled_reply_and_the_same_seed_repeats_it()
    {
        using var model = RandomModel();
        using var client = new CourseChatClient(model, Tokenizer);
        ChatOptions Options(long seed) => new() { Temperature = 1f, MaxOutputTokens = 20, Seed = seed };

        var first = (await client.GetResponseAsync(Question, Options(1))).Text;
        var again = (await client.GetResponseAsync(Question, Options(1))).Text;
        var other = (await client.GetResponseAsync(Question, Options(2))).Text;
        var defaults = (await client.GetResponseAsync(Question)).Text;
        var defaultsAgain = (await client.GetResponseAsync(Question)).Text;

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Equal(defaults, defaultsAgain);
    }

    [Fact]
    public async Task A_stop_sequence_ends_the_reply_before_it_and_is_never_streamed()
    {
        using var model = RandomModel();
        using var client = new CourseChatClient(model, Tokenizer);
        var options = new ChatOptions { Temperature = 1f, MaxOutputTokens = 40, Seed = 3 };
        var free = await client.GetResponseAsync(Question, options);
        var stop = free.Text.Substring(free.Text.Length / 2, 2);
        var cut = free.Text.IndexOf(stop, StringComparison.Ordinal);
        Assert.True(cut > 5, $"the stop sequence should leave some text before it: '{free.Text}'");

        options.StopSequences = ["never appears", stop];
        var updates = await Collect(client.GetStreamingResponseAsync(Question, options));
        var stopped = await client.GetResponseAsync(Question, options);

        Assert.Equal(free.Text[..cut], stopped.Text);
        Assert.Equal(free.Text[..cut], string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(ChatFinishReason.Stop, stopped.FinishReason);
        Assert.True(stopped.Usage!.OutputTokenCount < free.Usage!.OutputTokenCount, "generation stops at the stop sequence");
    }

    [Fact]
    public async Task Text_that_may_begin_a_stop_sequence_is_held_back_until_it_does_not()
    {
        var model = new ScriptedModel("Hello there! The end.", "Hello there! The end.");
        using var client = model.Client();

        var stopped = await Collect(client.GetStreamingResponseAsync(Question, new ChatOptions { StopSequences = ["! The"] }));
        var notStopped = await Collect(client.GetStreamingResponseAsync(Question, new ChatOptions { StopSequences = ["! Then"] }));

        Assert.Equal("Hello there", string.Concat(stopped.Select(u => u.Text)));
        Assert.DoesNotContain(stopped, u => u.Text.Contains('!'));
        Assert.Equal(ChatFinishReason.Stop, stopped[^1].FinishReason);
        Assert.Equal("Hello there! The end.", string.Concat(notStopped.Select(u => u.Text)));
    }

    [Fact]
    public async Task Characters_split_across_tokens_stream_only_when_complete()
    {
        var byteTokens = "é😀!"u8.ToArray().Select(b => Enumerable.Range(0, Tokenizer.VocabSize)
            .First(id => !Tokenizer.IsSpecial(id) && Tokenizer.TokenBytes(id) is [var only] && only == b)).ToArray();
        using var client = new CourseChatClient(Tokenizer, 1024, (_, _, _) => byteTokens.Append(ImEnd), "bytes");

        var updates = await Collect(client.GetStreamingResponseAsync(Question));

        Assert.Equal(7, byteTokens.Length);
        Assert.Equal(["é", "😀", "!"], updates.Where(u => u.Text.Length > 0).Select(u => u.Text));
        Assert.Equal(8, updates[^1].Contents.OfType<UsageContent>().Single().Details.OutputTokenCount);
    }

    [Fact]
    public async Task Usage_counts_the_templates_prompt_tokens_and_the_reply_tokens()
    {
        var model = new ScriptedModel("Hello there!");
        using var client = model.Client();

        var response = await client.GetResponseAsync(Question);

        var input = new ChatTemplate(Tokenizer).CountTokens(Question);
        var output = Tokenizer.Encode("Hello there!").Count + 1; // the reply and the <|im_end|> that ended it
        Assert.Equal("Hello there!", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(input, response.Usage!.InputTokenCount);
        Assert.Equal(output, response.Usage.OutputTokenCount);
        Assert.Equal(input + output, response.Usage.TotalTokenCount);
        Assert.Equal(ChatTemplate.Render(Question), Assert.Single(model.Prompts));
    }

    [Fact]
    public async Task Max_output_tokens_and_the_end_of_the_context_end_the_reply_with_length()
    {
        var model = new ScriptedModel();
        var promptTokens = new ChatTemplate(Tokenizer).CountTokens(Question);
        var endless = ScriptedModel.Endless().Take(12).ToArray();
        using var roomy = model.Client();
        using var tight = model.Client(contextLength: promptTokens + 7);

        var capped = await roomy.GetResponseAsync(Question, new ChatOptions { MaxOutputTokens = 5 });
        var full = await tight.GetResponseAsync(Question);

        Assert.Equal(ChatFinishReason.Length, capped.FinishReason);
        Assert.Equal(5, capped.Usage!.OutputTokenCount);
        Assert.Equal(Tokenizer.Decode(endless[..5]), capped.Text);
        Assert.Equal(ChatFinishReason.Length, full.FinishReason);
        Assert.Equal(7, full.Usage!.OutputTokenCount);
        Assert.Equal(Tokenizer.Decode(endless[..7]), full.Text);
    }

    [Fact]
    public async Task A_prompt_that_leaves_no_room_for_a_reply_is_rejected_with_both_lengths()
    {
        var promptTokens = new ChatTemplate(Tokenizer).CountTokens(Question);
        using var full = new ScriptedModel().Client(contextLength: promptTokens);
        using var oneLeft = new ScriptedModel().Client(contextLength: promptTokens + 1);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => full.GetResponseAsync(Question));
        Assert.Throws<ArgumentException>(() => full.GetStreamingResponseAsync(Question));
        var reply = await oneLeft.GetResponseAsync(Question);

        Assert.Contains($"the prompt is {promptTokens} tokens", error.Message);
        Assert.Contains($"the context length is {promptTokens}", error.Message);
        Assert.Equal(1, reply.Usage!.OutputTokenCount);
    }

    [Fact]
    public async Task Options_are_checked_and_instructions_open_the_prompt()
    {
        var model = new ScriptedModel("Hello.");
        using var client = model.Client();

        await client.GetResponseAsync([new(ChatRole.User, "Hello there!")], new ChatOptions { Instructions = "Be brief." });

        Assert.Equal(ChatTemplate.Render([new(ChatRole.System, "Be brief."), new(ChatRole.User, "Hello there!")]), model.Prompts[0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => client.GetStreamingResponseAsync(Question, new ChatOptions { MaxOutputTokens = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => client.GetStreamingResponseAsync(Question, new ChatOptions { Temperature = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => client.GetStreamingResponseAsync(Question, new ChatOptions { TopP = 1.5f }));
        Assert.Throws<ArgumentOutOfRangeException>(() => client.GetStreamingResponseAsync(Question, new ChatOptions { TopK = 0 }));
        Assert.Throws<ArgumentException>(() => client.GetStreamingResponseAsync(Question, new ChatOptions { StopSequences = [""] }));
        Assert.Throws<ArgumentException>(() => client.GetStreamingResponseAsync(Question, new ChatOptions { ModelId = "gpt-4o" }));
        Assert.Single(model.Prompts);
    }

    [Fact]
    public async Task Load_reads_a_checkpoint_and_a_tokenizer_file_and_replies_like_the_saved_model()
    {
        var directory = Directory.CreateTempSubdirectory("course-chat-");
        try
        {
            var checkpoint = Path.Combine(directory.FullName, "model.safetensors");
            var tokenizerFile = Path.Combine(directory.FullName, "model.tiktoken");
            using var model = RandomModel();
            GptCheckpoint.Save(model, checkpoint);
            TiktokenFile.Write(Tokenizer, tokenizerFile);
            using var original = new CourseChatClient(model, Tokenizer);
            var options = new ChatOptions { MaxOutputTokens = 12 };

            using var loaded = CourseChatClient.Load(checkpoint, tokenizerFile, "loaded");

            var expected = await original.GetResponseAsync(Question, options);
            var actual = await loaded.GetResponseAsync(Question, options);
            Assert.NotEmpty(expected.Text);
            Assert.Equal(expected.Text, actual.Text);
            Assert.Equal(expected.Usage!.OutputTokenCount, actual.Usage!.OutputTokenCount);
            Assert.Equal("loaded", actual.ModelId);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_second_request_waits_until_the_first_reply_is_finished()
    {
        var model = new ScriptedModel("Hello there!", "The end.");
        using var client = model.Client();
        await using var first = client.GetStreamingResponseAsync(Question).GetAsyncEnumerator();
        await using var second = client.GetStreamingResponseAsync(Question).GetAsyncEnumerator();

        Assert.True(await first.MoveNextAsync());
        var secondStarted = second.MoveNextAsync();

        Assert.False(secondStarted.IsCompleted, "the second request must not generate while the first is streaming");
        Assert.Single(model.Prompts);
        var firstText = first.Current.Text;
        while (await first.MoveNextAsync())
        {
            firstText += first.Current.Text;
        }
        Assert.True(await secondStarted);
        Assert.Equal("Hello there!", firstText);
        Assert.Equal(2, model.Prompts.Count);
    }

    [Fact]
    public void Metadata_and_the_client_itself_are_services()
    {
        using var model = RandomModel();
        using IChatClient client = new CourseChatClient(model, Tokenizer, "course-gpt-test");

        var metadata = client.GetService<ChatClientMetadata>();

        Assert.Equal("llm-workbook", metadata?.ProviderName);
        Assert.Equal("course-gpt-test", metadata?.DefaultModelId);
        Assert.Same(client, client.GetService<CourseChatClient>());
        Assert.Same(client, client.GetService<IChatClient>());
        Assert.Null(client.GetService<ChatClientMetadata>(serviceKey: "other"));
        Assert.Null(client.GetService<GptModel>());
        Assert.Throws<ArgumentException>(() => new CourseChatClient(model, ByteLevelBpeTokenizer.Cl100kBase()));
    }

    [Fact]
    public async Task A_reply_of_tool_calls_becomes_function_calls_when_tools_are_offered()
    {
        var reply = ToolCallFormatTests.CalculatorCall + "\n" + """<tool_call>{"name":"calculator","arguments":{"expression":"2*3"}}</tool_call>""";
        var model = new ScriptedModel(reply, reply, reply);
        using var client = model.Client();
        var withTools = new ChatOptions { Tools = [ToolCallFormatTests.Calculator] };

        var updates = await Collect(client.GetStreamingResponseAsync(Question, withTools));
        var response = await client.GetResponseAsync(ChatTemplateTests.ToolConversation, withTools);
        var withoutTools = await client.GetResponseAsync(Question);

        Assert.All(updates, u => Assert.Equal("", u.Text));
        Assert.Equal(ChatFinishReason.ToolCalls, updates[^1].FinishReason);
        var calls = updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().ToList();
        Assert.Equal(["call_1 calculator 12*7", "call_2 calculator 2*3"],
            calls.Select(c => $"{c.CallId} {c.Name} {((JsonElement)c.Arguments!["expression"]!).GetString()}"));
        // The conversation already holds call_1 and call_2: new ids continue after them.
        Assert.Equal(["call_3", "call_4"], response.Messages.Single().Contents.OfType<FunctionCallContent>().Select(c => c.CallId));
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal(ChatTemplate.Render(Question, tools: [ToolCallFormatTests.Calculator]), model.Prompts[0]);
        Assert.Equal(reply, withoutTools.Text);
        Assert.Equal(ChatFinishReason.Stop, withoutTools.FinishReason);
        Assert.Equal(ChatTemplate.Render(Question), model.Prompts[2]);
    }

    [Fact]
    public async Task With_tools_offered_plain_text_still_streams_and_a_malformed_call_comes_back_as_text()
    {
        const string malformed = """<tool_call>{"name":"calculator","arguments":{"expression":</tool_call>""";
        var model = new ScriptedModel("Hello there! The end.", malformed, "Hello there!");
        using var client = model.Client();
        var withTools = new ChatOptions { Tools = [ToolCallFormatTests.Calculator] };

        var text = await Collect(client.GetStreamingResponseAsync(Question, withTools));
        var broken = await client.GetResponseAsync(Question, withTools);
        var toolsRefused = await client.GetResponseAsync(Question, new ChatOptions { Tools = [ToolCallFormatTests.Calculator], ToolMode = ChatToolMode.None });

        Assert.Equal("Hello there! The end.", string.Concat(text.Select(u => u.Text)));
        Assert.True(text.Count(u => u.Text.Length > 0) > 1, "text streams once it cannot be a tool call");
        Assert.Equal(ChatFinishReason.Stop, text[^1].FinishReason);
        Assert.Equal(malformed, broken.Text);
        Assert.Equal(ChatFinishReason.Stop, broken.FinishReason);
        Assert.StartsWith("tool call 1 of 1 is not valid JSON", (string?)broken.AdditionalProperties?[CourseChatClient.ToolCallErrorKey]);
        Assert.Equal(ChatTemplate.Render(Question), model.Prompts[2]);
        Assert.Equal("Hello there!", toolsRefused.Text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Function_invocation_runs_the_called_tool_and_sends_its_result_back(bool streaming)
    {
        var model = new ScriptedModel(ToolCallFormatTests.CalculatorCall, "12*7 is 84.");
        using var client = model.Client();
        var invoked = new List<string>();
        var calculator = AIFunctionFactory.Create((string expression) =>
        {
            invoked.Add(expression);
            return expression.Split('*').Select(int.Parse).Aggregate((a, b) => a * b);
        }, "calculator", "Multiplies two whole numbers written as a*b.");
        using var chat = new ChatClientBuilder(client).UseFunctionInvocation().Build();
        ChatMessage[] question = [new(ChatRole.User, "What is 12*7?")];
        var options = new ChatOptions { Tools = [calculator] };

        var response = streaming
            ? await chat.GetStreamingResponseAsync(question, options).ToChatResponseAsync()
            : await chat.GetResponseAsync(question, options);

        Assert.Equal(["12*7"], invoked);
        Assert.Equal("12*7 is 84.", response.Messages[^1].Text);
        Assert.Equal(2, model.Prompts.Count);
        Assert.EndsWith(
            "<|im_start|>user\nWhat is 12*7?<|im_end|>\n" +
            "<|im_start|>assistant\n" + ToolCallFormatTests.CalculatorCall + "<|im_end|>\n" +
            "<|im_start|>tool\n84<|im_end|>\n" +
            "<|im_start|>assistant\n",
            model.Prompts[1]);
        Assert.StartsWith(ChatTemplate.Render([], addReplyPrompt: false, tools: [calculator]), model.Prompts[1]);
        var call = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Single();
        var result = response.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Single();
        Assert.Equal("call_1", call.CallId);
        Assert.Equal(call.CallId, result.CallId);
    }
}
