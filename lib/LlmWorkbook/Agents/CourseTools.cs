using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using LlmWorkbook.Tokenization;
using Microsoft.Extensions.AI;

namespace LlmWorkbook.Agents;

/// <summary>
/// The course's four tools as the assistant sees them: their names, descriptions and JSON schemas, and the shape of
/// what each returns. The instruction data teaches the assistant to call exactly these (data/instructions, task
/// <c>tool</c>), and chapter 07's implementations answer with these shapes, so that what the model was trained on and
/// what it meets at run time are the same text.
/// </summary>
public static class CourseTools
{
    /// <summary>The system prompt of a conversation that offers the tools (the tool list follows it).</summary>
    public const string SystemPrompt = "Call a tool when the question needs one.";

    /// <summary>Exact arithmetic on an expression: <c>{"expression":"1234*56"}</c>, returning the number.</summary>
    public static AIFunctionDeclaration Calculator { get; } = Declare("calculator",
        "Exact arithmetic: + - * / ( ).",
        """{"type":"object","properties":{"expression":{"type":"string"}},"required":["expression"]}""");

    /// <summary>The address of a year (and president, for a year with two): returns an <see cref="AddressInfo"/>.</summary>
    public static AIFunctionDeclaration GetAddress { get; } = Declare("get_address",
        "A year's address: president, party, words.",
        """{"type":"object","properties":{"year":{"type":"integer"},"president":{"type":"string"}},"required":["year"]}""");

    /// <summary>Passages of the corpus that match a query: returns a list of <see cref="SearchHit"/>.</summary>
    public static AIFunctionDeclaration SearchAddresses { get; } = Declare("search_addresses",
        "Passages of the addresses that match a query.",
        """{"type":"object","properties":{"query":{"type":"string"}},"required":["query"]}""");

    /// <summary>The current date and time: returns a <see cref="ClockReading"/>.</summary>
    public static AIFunctionDeclaration Clock { get; } = Declare("clock",
        "The date and time now (UTC).",
        """{"type":"object","properties":{}}""");

    /// <summary>Every tool, in the order the system message lists them.</summary>
    public static IReadOnlyList<AIFunctionDeclaration> All { get; } = [Calculator, GetAddress, SearchAddresses, Clock];

    /// <summary>What <c>get_address</c> returns.</summary>
    public sealed record AddressInfo(
        [property: JsonPropertyName("year")] int Year,
        [property: JsonPropertyName("president")] string President,
        [property: JsonPropertyName("party")] string Party,
        [property: JsonPropertyName("words")] int Words);

    /// <summary>One passage <c>search_addresses</c> returns.</summary>
    public sealed record SearchHit(
        [property: JsonPropertyName("year")] int Year,
        [property: JsonPropertyName("president")] string President,
        [property: JsonPropertyName("text")] string Text);

    /// <summary>What <c>clock</c> returns: the UTC time (ISO 8601, to the second) and the weekday.</summary>
    public sealed record ClockReading(
        [property: JsonPropertyName("utc")] string Utc,
        [property: JsonPropertyName("weekday")] string Weekday);

    /// <summary>The <c>get_address</c> result of an address: words counted by white space.</summary>
    public static AddressInfo Describe(CourseCorpus.Address address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return new AddressInfo(address.Year, address.President, address.PartyName, CourseCorpus.WordCount(address.Text));
    }

    /// <summary>The <c>clock</c> result at a moment.</summary>
    public static ClockReading Read(DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        return new ClockReading(utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), utc.DayOfWeek.ToString());
    }

    private static AIFunctionDeclaration Declare(string name, string description, string schema)
        => AIFunctionFactory.CreateDeclaration(name, description, JsonDocument.Parse(schema).RootElement.Clone());
}
