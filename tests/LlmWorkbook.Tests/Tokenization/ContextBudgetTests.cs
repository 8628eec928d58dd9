using LlmWorkbook.Tokenization;

namespace LlmWorkbook.Tests.Tokenization;

public sealed class ContextBudgetTests
{
    [Fact]
    public void Trim_drops_the_oldest_turns_but_keeps_system_and_last()
    {
        var template = new ChatTemplate(ChatTemplateTests.Tokenizer.Value);
        var conversation = ChatTemplateTests.Conversation;
        var full = template.CountTokens(conversation);
        var withoutFirstUser = template.CountTokens([conversation[0], conversation[2], conversation[3]]);
        var budget = new ContextBudget(ContextWindow: withoutFirstUser + 10, ReservedForReply: 10);
        Assert.True(full > budget.PromptLimit);

        var kept = budget.Trim(conversation, m => template.CountTokens(m));

        Assert.Equal([conversation[0], conversation[2], conversation[3]], kept);
        Assert.Throws<InvalidOperationException>(() => new ContextBudget(10, 5).Trim(conversation, m => template.CountTokens(m)));
    }
}
