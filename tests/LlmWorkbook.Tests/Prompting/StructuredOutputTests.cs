using System.Text.Json;
using LlmWorkbook.Prompting;
using Microsoft.Extensions.AI;

namespace LlmWorkbook.Tests.Prompting;

public sealed class StructuredOutputTests
{
    public sealed record Fields(int Year, string President, List<string> Countries);

    private const string Good = """{"year": 1849, "president": "Zachary Taylor", "countries": ["Mexico"]}""";

    private static readonly Fields GoodFields = new(1849, "Zachary Taylor", ["Mexico"]);

    private static readonly List<ChatMessage> Question =
        [new(ChatRole.System, "Reply with JSON."), new(ChatRole.User, "Extract the fields.")];

    private static readonly ChatOptions Options = new() { Temperature = 0.8f, MaxOutputTokens = 100, Seed = 7 };

    private static void AssertSameFields(Fields? expected, Fields? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected!.Year, actual.Year);
        Assert.Equal(expected.President, actual.President);
        Assert.Equal(expected.Countries, actual.Countries);
    }

    [Fact]
    public async Task A_valid_first_reply_is_one_request_with_the_caller_s_options_and_the_schema_as_response_format()
    {
        var client = new ScriptedChatClient(Good);
        var result = await new StructuredOutput(client).GetAsync<Fields>(Question, options: Options);

        Assert.True(result.Succeeded);
        AssertSameFields(GoodFields, result.Value);
        var attempt = Assert.Single(result.Attempts);
        Assert.Equal(new StructuredOutputAttempt(1, Good, null, attempt.Elapsed, attempt.Usage), attempt);
        Assert.Empty(result.Errors);
        Assert.Equal(15, result.Usage.TotalTokenCount);
        Assert.True(result.Elapsed >= attempt.Elapsed);

        var (messages, options) = Assert.Single(client.Requests);
        Assert.Equal(Question, messages);
        Assert.Equal(0.8f, options!.Temperature);
        Assert.Equal(100, options.MaxOutputTokens);
        Assert.Equal(7L, options.Seed);
        var format = Assert.IsType<ChatResponseFormatJson>(options.ResponseFormat);
        Assert.True(JsonElement.DeepEquals(StructuredOutput.SchemaFor<Fields>(), format.Schema!.Value));
        Assert.Null(Options.ResponseFormat);
    }

    [Fact]
    public async Task An_invalid_reply_is_fed_back_and_the_retry_uses_the_next_seed()
    {
        const string bad = """{"year": "1849", "president": "Zachary Taylor", "countries": []}""";
        var client = new ScriptedChatClient(bad, Good);
        var result = await new StructuredOutput(client).GetAsync<Fields>(Question, options: Options);

        Assert.True(result.Succeeded);
        AssertSameFields(GoodFields, result.Value);
        Assert.Equal(2, result.Attempts.Count);
        var error = "the JSON does not match the schema: $.year: expected integer, got string \"1849\"";
        Assert.Equal(error, result.Attempts[0].Error);
        Assert.Equal([bad, Good], result.Attempts.Select(a => a.Text));
        Assert.Equal([error], result.Errors);
        Assert.Equal(30, result.Usage.TotalTokenCount);
        Assert.Equal(20, result.Usage.InputTokenCount);

        var retry = client.Requests[1].Messages;
        Assert.Equal(Question, retry.Take(2));
        Assert.Equal((ChatRole.Assistant, bad), (retry[2].Role, retry[2].Text));
        Assert.Equal((ChatRole.User, StructuredOutput.Feedback(error)), (retry[3].Role, retry[3].Text));
        Assert.Equal(4, retry.Count);
        Assert.Equal([7L, 8L], client.Requests.Select(r => r.Options!.Seed!.Value));
        Assert.Equal(2, Question.Count);
        Assert.Equal(7L, Options.Seed);
    }

    [Fact]
    public async Task Always_invalid_gives_up_after_max_attempts_with_every_error()
    {
        var client = new ScriptedChatClient("{}", "I cannot do that.", """{"year": 1, "president": "p", "countries": [], "extra": 1}""", Good);
        var result = await new StructuredOutput(client, maxAttempts: 3).GetAsync<Fields>(Question);

        Assert.False(result.Succeeded);
        Assert.Null(result.Value);
        Assert.Equal(3, client.Requests.Count);
        Assert.Equal(3, result.Attempts.Count);
        Assert.Equal(
        [
            "the JSON does not match the schema: $.year: the required property is missing; $.president: the required property is missing; $.countries: the required property is missing",
            "the reply is not valid JSON at line 1, byte 1 of the JSON: 'I' is an invalid start of a value.",
            "the JSON does not match the schema: $.extra: the property is not allowed (additionalProperties is false)",
        ], result.Errors);
        Assert.Equal(6, client.Requests[2].Messages.Count);
        Assert.All(client.Requests, r => Assert.Null(r.Options!.Seed));
        Assert.Equal(45, result.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task A_business_rule_failure_is_fed_back_like_a_schema_error()
    {
        var wrongYear = """{"year": 2049, "president": "Zachary Taylor", "countries": []}""";
        var client = new ScriptedChatClient(wrongYear, Good);
        var result = await new StructuredOutput(client).GetAsync<Fields>(Question,
            rule: f => f.Year is >= 1790 and <= 2021 ? null : $"year {f.Year} is not the year of an address (1790–2021)");

        Assert.True(result.Succeeded);
        Assert.Equal(1849, result.Value!.Year);
        Assert.Equal("year 2049 is not the year of an address (1790–2021)", result.Attempts[0].Error);
        Assert.Equal(StructuredOutput.Feedback("year 2049 is not the year of an address (1790–2021)"), client.Requests[1].Messages[^1].Text);
    }

    [Fact]
    public async Task Malformed_json_is_reported_with_its_position()
    {
        var client = new ScriptedChatClient("""{"year": 1849, "president" "Zachary Taylor"}""");
        var result = await new StructuredOutput(client, maxAttempts: 1).GetAsync<Fields>(Question);

        Assert.False(result.Succeeded);
        Assert.Equal("the reply is not valid JSON at line 1, byte 28 of the JSON: '\"' is invalid after a property name. Expected a ':'.",
            Assert.Single(result.Errors));
        var multiLine = await new StructuredOutput(new ScriptedChatClient("{\n  \"year\": 1849,\n  \"president\": tbd\n}"), 1).GetAsync<Fields>(Question);
        Assert.StartsWith("the reply is not valid JSON at line 3, byte 17 of the JSON: 'tbd", multiLine.Errors.Single());
    }

    [Theory]
    [InlineData("Here are the fields: " + Good + " Let me know if you need more.")]
    [InlineData("```json\n" + Good + "\n```")]
    [InlineData("Sure.\n```\n" + Good + "\n```\nThe first country is {Mexico}.")]
    public async Task Json_in_prose_or_a_fence_is_accepted(string reply)
    {
        var result = await new StructuredOutput(new ScriptedChatClient(reply)).GetAsync<Fields>(Question);
        Assert.True(result.Succeeded);
        AssertSameFields(GoodFields, result.Value);
        Assert.Equal(reply, result.Attempts.Single().Text);
    }

    [Fact]
    public async Task Empty_null_and_unreadable_replies_are_errors()
    {
        var client = new ScriptedChatClient("  ", "null", """{"year": 1e20, "president": "p", "countries": []}""");
        var result = await new StructuredOutput(client).GetAsync<Fields>(Question);
        Assert.Equal("the reply is empty; it must be JSON", result.Errors[0]);
        Assert.Equal("the JSON does not match the schema: $: expected object, got null", result.Errors[1]);
        Assert.StartsWith("the JSON does not fit the expected type at $.year: The JSON value could not be converted", result.Errors[2]);
    }

    [Fact]
    public async Task A_list_type_takes_the_array_from_the_reply()
    {
        var client = new ScriptedChatClient("The years: [1849, 1850] (two).");
        var result = await new StructuredOutput(client).GetAsync<List<int>>(Question);
        Assert.Equal([1849, 1850], result.Value!);
    }

    [Fact]
    public async Task The_caller_s_response_format_is_kept()
    {
        var client = new ScriptedChatClient(Good);
        await new StructuredOutput(client).GetAsync<Fields>(Question, options: new ChatOptions { ResponseFormat = ChatResponseFormat.Text });
        Assert.Same(ChatResponseFormat.Text, client.Requests.Single().Options!.ResponseFormat);
    }

    [Fact]
    public async Task A_schema_and_a_validator_work_without_a_type()
    {
        var schema = JsonDocument.Parse("""{"type": "object", "properties": {"label": {"enum": ["economy", "trade"]}}, "required": ["label"]}""").RootElement;
        var client = new ScriptedChatClient("""{"label": "war"}""", """{"label": "trade", "why": "tariffs"}""", """{"label": "trade"}""");
        var result = await new StructuredOutput(client).GetJsonAsync(Question, schema,
            rule: json => json.EnumerateObject().Count() == 1 ? null : "give only the label");

        Assert.True(result.Succeeded);
        Assert.Equal("trade", result.Value.GetProperty("label").GetString());
        Assert.Equal(
        [
            "the JSON does not match the schema: $.label: string \"war\" is not one of [\"economy\", \"trade\"]",
            "give only the label",
        ], result.Errors);
        var format = Assert.IsType<ChatResponseFormatJson>(client.Requests[0].Options!.ResponseFormat);
        Assert.True(JsonElement.DeepEquals(schema, format.Schema!.Value));
    }

    [Fact]
    public async Task Client_errors_propagate_and_are_not_retried()
    {
        var client = new ScriptedChatClient();
        await Assert.ThrowsAsync<InvalidOperationException>(() => new StructuredOutput(client).GetAsync<Fields>(Question));
        Assert.Single(client.Requests);
    }

    [Fact]
    public void Arguments_are_checked()
    {
        Assert.Throws<ArgumentNullException>(() => new StructuredOutput(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StructuredOutput(new ScriptedChatClient(), 0));
        Assert.Throws<ArgumentException>(() => StructuredOutput.Feedback(""));
    }
}
