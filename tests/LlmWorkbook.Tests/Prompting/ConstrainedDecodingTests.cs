using System.Text.Json;
using System.Text.Json.Serialization;
using LlmWorkbook.Chat;
using LlmWorkbook.Gpt;
using LlmWorkbook.Prompting;
using LlmWorkbook.Tests.Gpt;
using LlmWorkbook.Tokenization;
using Microsoft.Extensions.AI;
using static LlmWorkbook.Tests.Prompting.JsonSchemaGrammarTests;

namespace LlmWorkbook.Tests.Prompting;

/// <summary>
/// Grammar-constrained decoding end to end: a real forward pass of a random-weight model, the mask, the sampler and the
/// chat client. A random model writes noise, so whatever it writes that is valid is the constraint's doing.
/// </summary>
[Collection(TorchGlobalGenerator.Name)]
public sealed class ConstrainedDecodingTests
{
    private static ByteLevelBpeTokenizer Tokenizer => JsonSchemaTokenConstraintTests.Tokenizer.Value;

    private static int ImEnd => JsonSchemaTokenConstraintTests.ImEnd;

    /// <summary>Short strings and arrays, so that a random model finishes its documents within the token budget.</summary>
    private static readonly JsonGrammarLimits Small = new(MaxStringLength: 12, MaxItems: 3);

    /// <summary>Deserialization that refuses missing, unknown and wrongly null properties.</summary>
    private static readonly JsonSerializerOptions Strict = new(AIJsonUtilities.DefaultOptions)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private static readonly ChatMessage[] Question = [new(ChatRole.User, "Who is Ada?")];

    private static GptModel RandomModel() =>
        GptModelTests.RandomizedTiny(GptModelTests.Tiny with { VocabSize = Tokenizer.VocabSize, ContextLength = 512 });

    [Fact]
    public void Sampled_replies_are_valid_at_every_prefix_and_finished_ones_validate_against_the_schema()
    {
        using var model = RandomModel();
        var grammar = Grammar<Person>(Small);
        var schema = JsonSchemaTokenConstraintTests.SchemaOf<Person>();
        var prompt = Tokenizer.EncodeTrusted("<|im_start|>assistant\n");
        var finished = new List<string>();

        for (var seed = 0; seed < 24; seed++)
        {
            var options = (seed % 3) switch
            {
                0 => new SamplingOptions(Temperature: 1.0),
                1 => new SamplingOptions(Temperature: 1.0, TopK: 20),
                _ => new SamplingOptions(Temperature: 1.0, TopP: 0.9),
            };
            var constraint = new JsonSchemaTokenConstraint(grammar, Tokenizer, ImEnd);
            var tokens = GptGenerator.Generate(model, prompt, 400, options, seed, stopToken: ImEnd, constraint: constraint);
            var ended = tokens[^1] == ImEnd;
            var reply = ended ? tokens[..^1] : tokens;

            for (var k = 0; k <= reply.Length; k++)
            {
                Assert.True(grammar.IsValidPrefix(Tokenizer.DecodeBytes(reply[..k])), $"seed {seed}: {Tokenizer.Decode(reply[..k])}");
            }
            Assert.DoesNotContain(reply, Tokenizer.IsSpecial);
            if (ended)
            {
                var text = Tokenizer.Decode(reply);
                using var document = JsonDocument.Parse(text);
                Assert.Empty(JsonSchemaCheck.Errors(schema, document.RootElement));
                Assert.NotNull(JsonSerializer.Deserialize<Person>(text, Strict));
                finished.Add(text);
            }
        }

        Assert.True(finished.Count >= 20, $"only {finished.Count} of 24 replies finished within 400 tokens");
        Assert.Equal(finished.Count, finished.Distinct().Count());
    }

    [Fact]
    public async Task Greedy_replies_through_the_chat_client_deserialize_into_the_record()
    {
        using var model = RandomModel();
        using var client = new CourseChatClient(model, Tokenizer) { ResponseFormatLimits = Small };
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 400, ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonSchemaTokenConstraintTests.SchemaOf<Person>()) };

        var typed = await client.GetResponseAsync<Person>(Question, new ChatOptions { Temperature = 0, MaxOutputTokens = 400 });
        var response = await client.GetResponseAsync(Question, options);
        var streamed = await client.GetStreamingResponseAsync(Question, options).ToChatResponseAsync();

        Assert.Equal(ChatFinishReason.Stop, typed.FinishReason);
        Assert.NotNull(JsonSerializer.Deserialize<Person>(typed.Text, Strict));
        Assert.Equal(JsonDocument.Parse(typed.Text).RootElement.GetProperty("name").GetString(), typed.Result.Name);
        Assert.Empty(JsonSchemaCheck.Errors(JsonSchemaTokenConstraintTests.SchemaOf<Person>(), JsonDocument.Parse(typed.Text).RootElement));
        Assert.Equal(typed.Text, response.Text);
        Assert.Equal(response.Text, streamed.Text);
        var prompt = new ChatTemplate(Tokenizer).Encode(Question);
        var tokens = GptGenerator.Generate(model, prompt, 400, SamplingOptions.Greedy, (int)CourseChatClient.DefaultSeed, stopToken: ImEnd,
            constraint: new JsonSchemaTokenConstraint(Grammar<Person>(Small), Tokenizer, ImEnd));
        Assert.Equal(Tokenizer.Decode(tokens[..^1]), response.Text);
        Assert.Equal(tokens.Length, response.Usage!.OutputTokenCount);
    }

    [Fact]
    public async Task Json_without_a_schema_gives_an_object_and_no_tools_are_offered()
    {
        using var model = RandomModel();
        var prompts = new List<string>();
        using var client = new CourseChatClient(Tokenizer, 512, (prompt, sampling, seed, constraint) =>
        {
            prompts.Add(Tokenizer.Decode(prompt));
            return GptGenerator.StreamTokens(model, prompt, sampling, seed, constraint: constraint);
        }, "json") { ResponseFormatLimits = Small with { MaxDepth = 2 } };
        var tool = AIFunctionFactory.Create(() => 42, "answer", "The answer to everything.");

        var replies = new List<ChatResponse>();
        for (var seed = 1; seed <= 3; seed++)
        {
            replies.Add(await client.GetResponseAsync(Question, new ChatOptions
            {
                Temperature = 1, Seed = seed, MaxOutputTokens = 400, ResponseFormat = ChatResponseFormat.Json, Tools = [tool],
            }));
        }

        Assert.All(replies, r => Assert.Equal(ChatFinishReason.Stop, r.FinishReason));
        Assert.All(replies, r => Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(r.Text).RootElement.ValueKind));
        Assert.All(prompts, p => Assert.Equal(ChatTemplate.Render(Question), p));
    }

    [Fact]
    public async Task A_text_format_leaves_the_reply_as_it_was()
    {
        using var model = RandomModel();
        using var client = new CourseChatClient(model, Tokenizer);

        var plain = await client.GetResponseAsync(Question, new ChatOptions { Temperature = 1, Seed = 3, MaxOutputTokens = 30 });
        var text = await client.GetResponseAsync(Question, new ChatOptions { Temperature = 1, Seed = 3, MaxOutputTokens = 30, ResponseFormat = ChatResponseFormat.Text });

        Assert.Equal(plain.Text, text.Text);
        Assert.False(Grammar<Person>().IsValidPrefix(plain.Text), "an unconstrained random model does not write the schema's JSON");
    }

    [Fact]
    public void A_schema_outside_the_subset_is_refused_when_the_request_is_made()
    {
        using var model = RandomModel();
        using var client = new CourseChatClient(model, Tokenizer);
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"when":{"type":"string","format":"date-time"}}}""").RootElement;

        var error = Assert.Throws<NotSupportedException>(() =>
            client.GetStreamingResponseAsync(Question, new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema) }));

        Assert.Contains("'format'", error.Message);
    }
}
