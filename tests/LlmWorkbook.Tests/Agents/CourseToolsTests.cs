using LlmWorkbook.Agents;
using LlmWorkbook.Chat;
using LlmWorkbook.Tokenization;
using Microsoft.Extensions.AI;

namespace LlmWorkbook.Tests.Agents;

public sealed class CourseToolsTests
{
    [Fact]
    public void Offering_the_tools_renders_the_system_message_the_instruction_data_was_written_with()
    {
        var rendered = ChatTemplate.Render([new ChatMessage(ChatRole.System, CourseTools.SystemPrompt), new ChatMessage(ChatRole.User, "What year is it?")],
            addReplyPrompt: false, tools: CourseTools.All);

        Assert.StartsWith($"{ChatTemplate.ImStart}system\n{LlmWorkbook.FineTuning.ToolExamples.SystemMessage}{ChatTemplate.ImEnd}\n", rendered);
        Assert.Equal(
            "calculator(expression: string) - Exact arithmetic: + - * / ( ).\n" +
            "get_address(year: integer, president?: string) - A year's address: president, party, words.\n" +
            "search_addresses(query: string) - Passages of the addresses that match a query.\n" +
            "clock() - The date and time now (UTC).",
            ToolCallFormat.FormatTools(CourseTools.All).Split('\n', 2)[1]);
    }

    [Fact]
    public void Results_have_the_documented_shapes()
    {
        var address = new CourseCorpus.Address(1862, "Abraham Lincoln", "r", "Fellow-Citizens of the Senate\nand House  of Representatives:");
        Assert.Equal("""{"year":1862,"president":"Abraham Lincoln","party":"Republican","words":8}""", ToolCallFormat.FormatResult(CourseTools.Describe(address)));
        Assert.Equal("""{"utc":"2026-11-26T04:28:30Z","weekday":"Thursday"}""",
            ToolCallFormat.FormatResult(CourseTools.Read(new DateTimeOffset(2026, 11, 26, 5, 28, 30, TimeSpan.FromHours(1)))));
        Assert.Equal("""[{"year":1790,"president":"George Washington","text":"I embrace with great satisfaction…"}]""",
            ToolCallFormat.FormatResult(new[] { new CourseTools.SearchHit(1790, "George Washington", "I embrace with great satisfaction…") }));
    }
}
