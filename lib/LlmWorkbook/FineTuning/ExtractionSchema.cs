using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlmWorkbook.FineTuning;

/// <summary>
/// The keys a JSON extraction request names, in the order the reply must give them. Each key is one of
/// <see cref="KeyDescriptions"/>: the address's year and president (stated in the request), and lists of what the
/// passage writes — dollar amounts, percentages, years, foreign countries — in the order they first occur.
/// </summary>
public sealed record ExtractionSchema(IReadOnlyList<string> Keys)
{
    /// <summary>Every key a schema may use, with the description the request gives for it.</summary>
    public static IReadOnlyDictionary<string, string> KeyDescriptions { get; } = new Dictionary<string, string>
    {
        ["year"] = "the year of the address, a number",
        ["president"] = "the president who gave the address",
        ["amounts"] = "the dollar amounts the passage writes",
        ["percentages"] = "the percentages the passage writes",
        ["years"] = "the years the passage writes, as numbers",
        ["countries"] = "the foreign countries the passage names",
    };

    /// <summary>The schemas the generator uses, in turn.</summary>
    public static IReadOnlyList<ExtractionSchema> All { get; } =
    [
        new(["year", "president", "amounts", "countries"]),
        new(["amounts", "percentages", "years"]),
        new(["president", "countries", "years"]),
    ];

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The keys as a request states them: "year (the year of the address, a number); president (…)".</summary>
    public string Describe() => string.Join("; ", Keys.Select(k => $"{k} ({KeyDescriptions[k]})"));

    /// <summary>Whether every list key of the schema is empty for this passage (its reply says nothing about it).</summary>
    public bool FindsNothingIn(string passage)
    {
        ArgumentNullException.ThrowIfNull(passage);
        return Keys.All(k => k switch
        {
            "amounts" => PassageFields.Amounts(passage).Count == 0,
            "percentages" => PassageFields.Percentages(passage).Count == 0,
            "years" => PassageFields.Years(passage).Count == 0,
            "countries" => PassageFields.Countries(passage).Count == 0,
            _ => true,
        });
    }

    /// <summary>
    /// The reply for a passage of the address of <paramref name="year"/> by <paramref name="president"/>: one line of
    /// compact JSON with exactly <see cref="Keys"/>, in order.
    /// </summary>
    public string Reply(int year, string president, string passage)
    {
        ArgumentNullException.ThrowIfNull(passage);
        var json = new JsonObject();
        foreach (var key in Keys)
        {
            json[key] = key switch
            {
                "year" => JsonValue.Create(year),
                "president" => JsonValue.Create(president),
                "amounts" => new JsonArray([.. PassageFields.Amounts(passage).Select(a => (JsonNode)JsonValue.Create(a))]),
                "percentages" => new JsonArray([.. PassageFields.Percentages(passage).Select(p => (JsonNode)JsonValue.Create(p))]),
                "years" => new JsonArray([.. PassageFields.Years(passage).Select(y => (JsonNode)JsonValue.Create(y))]),
                "countries" => new JsonArray([.. PassageFields.Countries(passage).Select(c => (JsonNode)JsonValue.Create(c))]),
                _ => throw new InvalidOperationException($"unknown key '{key}'"),
            };
        }
        return json.ToJsonString(Json);
    }
}
