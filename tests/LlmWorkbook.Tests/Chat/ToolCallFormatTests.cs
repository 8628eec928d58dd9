using System.Text.Json;
using LlmWorkbook.Chat;
using Microsoft.Extensions.AI;

namespace LlmWorkbook.Tests.Chat;

public sealed class ToolCallFormatTests
{
    internal const string CalculatorSchema =
        """{"type":"object","properties":{"expression":{"type":"string","description":"like 12*7"}},"required":["expression"]}""";

    internal static readonly AIFunctionDeclaration Calculator =
        AIFunctionFactory.CreateDeclaration("calculator", "Multiplies two whole numbers written as a*b.", JsonDocument.Parse(CalculatorSchema).RootElement);

    internal const string CalculatorCall = """<tool_call>{"name":"calculator","arguments":{"expression":"12*7"}}</tool_call>""";

    [Fact]
    public void A_call_is_one_compact_json_object_between_tags()
    {
        Assert.Equal(CalculatorCall, ToolCallFormat.FormatCall("calculator", new Dictionary<string, object?> { ["expression"] = "12*7" }));
        Assert.Equal(CalculatorCall, ToolCallFormat.FormatCall(new FunctionCallContent("call_9", "calculator", new Dictionary<string, object?> { ["expression"] = "12*7" })));
        Assert.Equal("""<tool_call>{"name":"now","arguments":{}}</tool_call>""", ToolCallFormat.FormatCall("now", null));
    }

    [Fact]
    public void The_tool_list_is_a_header_line_then_one_signature_line_per_tool()
    {
        var clock = AIFunctionFactory.CreateDeclaration("now", null, JsonDocument.Parse("""{ "type": "object" }""").RootElement);

        var list = ToolCallFormat.FormatTools([Calculator, clock]);

        Assert.Equal(
            "You can call these tools:\n" +
            "calculator(expression: string) - Multiplies two whole numbers written as a*b.\n" +
            "now()",
            list);
        Assert.Equal("Be brief.\n\n" + list, ToolCallFormat.AppendTools("Be brief.", [Calculator, clock]));
        Assert.Equal(list, ToolCallFormat.AppendTools("", [Calculator, clock]));
    }

    [Fact]
    public void A_signature_marks_optional_parameters_and_names_array_enum_and_complex_types()
    {
        const string Schema = """
            {"type":"object","properties":{
              "year":{"type":"integer","description":"the year"},
              "names":{"type":"array","items":{"type":"string"}},
              "unit":{"type":"string","enum":["km","mi"]},
              "range":{"type":"object","properties":{"from":{"type":"integer"}}}},
             "required":["year","unit"]}
            """;
        var tool = AIFunctionFactory.CreateDeclaration("lookup", "Looks things up.", JsonDocument.Parse(Schema).RootElement);

        Assert.Equal(
            "You can call these tools:\n" +
            """lookup(year: integer, names?: string[], unit: "km"|"mi", range?: {"type":"object","properties":{"from":{"type":"integer"}}}) - Looks things up.""",
            ToolCallFormat.FormatTools([tool]));
    }

    [Fact]
    public void A_result_is_its_json_text_only()
    {
        Assert.Equal("84", ToolCallFormat.FormatResult(JsonSerializer.SerializeToElement(84)));
        Assert.Equal("84", ToolCallFormat.FormatResult(new FunctionResultContent("call_1", 84)));
        Assert.Equal("\"Paris, France\"", ToolCallFormat.FormatResult("Paris, France"));
        Assert.Equal("""{"city":"Zürich","temperatures":[3,5]}""", ToolCallFormat.FormatResult(new { city = "Zürich", temperatures = new[] { 3, 5 } }));
        Assert.Equal("null", ToolCallFormat.FormatResult((object?)null));
    }

    [Fact]
    public void Formatted_calls_parse_back_to_the_same_names_and_arguments()
    {
        var tricky = new Dictionary<string, object?>
        {
            ["text"] = "quotes \" and a closing </tool_call> and é",
            ["count"] = 3,
            ["nested"] = new Dictionary<string, object?> { ["list"] = new[] { 1.5, 2.5 }, ["flag"] = true },
            ["nothing"] = null,
        };
        FunctionCallContent[] calls =
        [
            new("call_1", "search", tricky),
            new("call_2", "calculator", new Dictionary<string, object?> { ["expression"] = "12*7" }),
        ];

        var parsed = ToolCallFormat.Parse(ToolCallFormat.FormatCalls(calls));

        Assert.Null(parsed.Error);
        Assert.Equal(["search", "calculator"], parsed.Calls.Select(c => c.Name));
        for (var i = 0; i < calls.Length; i++)
        {
            Assert.Equal(calls[i].Arguments!.Keys.Order(), parsed.Calls[i].Arguments.Keys.Order());
            foreach (var (name, value) in calls[i].Arguments!)
            {
                Assert.True(JsonElement.DeepEquals(JsonSerializer.SerializeToElement(value), parsed.Calls[i].Arguments[name]), $"argument {name}");
            }
        }
    }

    [Fact]
    public void Calls_may_be_separated_and_surrounded_by_whitespace_and_may_omit_arguments()
    {
        var parsed = ToolCallFormat.Parse("\n  " + CalculatorCall + " \n\t<tool_call>{\"name\":\"now\"}</tool_call>\n");

        Assert.True(parsed.IsToolCalls);
        Assert.Equal(["calculator", "now"], parsed.Calls.Select(c => c.Name));
        Assert.Equal("12*7", parsed.Calls[0].Arguments["expression"].GetString());
        Assert.Empty(parsed.Calls[1].Arguments);
        var call = parsed.Calls[0].ToFunctionCall("call_4");
        Assert.Equal(("call_4", "calculator"), (call.CallId, call.Name));
        Assert.Equal("12*7", ((JsonElement)call.Arguments!["expression"]!).GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("84")]
    [InlineData("Sure! " + CalculatorCall)]
    [InlineData(CalculatorCall + " Done.")]
    [InlineData(CalculatorCall + "\n<tool_call>{\"name\":\"now\"}")]
    [InlineData("<tool_call>{\"name\":\"calculator\"")]
    [InlineData("<tool_calls>{\"name\":\"calculator\"}</tool_calls>")]
    public void Text_that_is_not_exactly_tool_calls_is_ordinary_text(string reply)
    {
        var parsed = ToolCallFormat.Parse(reply);

        Assert.Same(ToolCallParseResult.NotToolCalls, parsed);
        Assert.False(parsed.IsToolCalls);
    }

    [Theory]
    [InlineData("<tool_call>{\"name\":\"calculator\",\"arguments\":{</tool_call>", "tool call 1 of 1 is not valid JSON")]
    [InlineData("<tool_call>calculator(12*7)</tool_call>", "tool call 1 of 1 is not valid JSON")]
    [InlineData("<tool_call>[\"calculator\"]</tool_call>", "tool call 1 of 1 is a JSON array, not an object")]
    [InlineData("<tool_call>{\"arguments\":{}}</tool_call>", "tool call 1 of 1 has no \"name\" string")]
    [InlineData("<tool_call>{\"name\":7}</tool_call>", "tool call 1 of 1 has no \"name\" string")]
    [InlineData("<tool_call>{\"name\":\"calculator\",\"arguments\":\"{\\\"expression\\\":\\\"12*7\\\"}\"}</tool_call>", "tool call 1 of 1 has \"arguments\" that are not a JSON object")]
    [InlineData(CalculatorCall + "<tool_call>{\"name\":\"now\",}</tool_call>", "tool call 2 of 2 is not valid JSON")]
    public void Malformed_calls_give_an_error_that_says_which_and_why(string reply, string expected)
    {
        var parsed = ToolCallFormat.Parse(reply);

        Assert.Empty(parsed.Calls);
        Assert.NotNull(parsed.Error);
        Assert.StartsWith(expected, parsed.Error);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData(" \n", true)]
    [InlineData("<to", true)]
    [InlineData("  <tool_call>", true)]
    [InlineData("<tool_call>{\"name\"", true)]
    [InlineData("Hello", false)]
    [InlineData("<tools", false)]
    [InlineData("x <tool_call>", false)]
    public void A_reply_could_be_tool_calls_while_it_is_a_start_of_the_open_tag_or_begins_with_it(string partialReply, bool expected)
    {
        Assert.Equal(expected, ToolCallFormat.CouldBeToolCalls(partialReply));
    }
}
