using LlmWorkbook.Prompting;

namespace LlmWorkbook.Tests.Prompting;

public sealed class JsonReplyTests
{
    [Theory]
    [InlineData("{\"a\":1}", "{\"a\":1}")]
    [InlineData("  {\"a\":1}\n", "{\"a\":1}")]
    [InlineData("Here is the JSON: {\"a\": {\"b\": [1, 2]}}. Hope this helps! {\"c\": 3}", "{\"a\": {\"b\": [1, 2]}}")]
    [InlineData("{\"a\": \"} and { and ] inside a string\", \"b\": \"say \\\"}\\\"\"} trailing", "{\"a\": \"} and { and ] inside a string\", \"b\": \"say \\\"}\\\"\"}")]
    [InlineData("Sure!\n```json\n{\"a\": 1}\n```\nAnything else?", "{\"a\": 1}")]
    [InlineData("```\n{\"a\": 1}\n```", "{\"a\": 1}")]
    [InlineData("```json {\"a\": 1}```", "{\"a\": 1}")]
    [InlineData("Before {\"x\": 0}\n```json\nThe answer: {\"a\": 1}\n```", "{\"a\": 1}")]
    [InlineData("```json\n{\"a\": 1", "{\"a\": 1")]
    [InlineData("{\"a\": [1, 2", "{\"a\": [1, 2")]
    [InlineData("no JSON here", "no JSON here")]
    [InlineData("  42 ", "42")]
    [InlineData("", "")]
    public void The_first_object_is_taken_from_prose_or_a_fence(string reply, string expected)
    {
        Assert.Equal(expected, JsonReply.Extract(reply));
    }

    [Fact]
    public void An_array_is_taken_when_an_array_is_expected()
    {
        Assert.Equal("[{\"a\": 1}, {\"b\": 2}]", JsonReply.Extract("The list: [{\"a\": 1}, {\"b\": 2}] done", '['));
        Assert.Equal("{\"a\": [1]}", JsonReply.Extract("The list: [see below] {\"a\": [1]}"));
        Assert.Throws<ArgumentOutOfRangeException>(() => JsonReply.Extract("x", '('));
    }
}
