using LlmWorkbook.Tokenization;
using Microsoft.Extensions.AI;

namespace LlmWorkbook.Tests.Tokenization;

public sealed class ChatTokenCounterTests
{
    [Fact]
    public void Adds_per_message_and_reply_overhead()
    {
        var counter = new ChatTokenCounter(text => text.Length); // one "token" per character keeps the arithmetic visible
        ChatMessage[] messages = [new(ChatRole.System, "abc"), new(ChatRole.User, "de") { AuthorName = "ann" }];
        // reply 3 + (3 + "system" 6 + 3) + (3 + "user" 4 + 2 + name 1 + 3)
        Assert.Equal(3 + 12 + 13, counter.Count(messages));
    }
}
