namespace LlmWorkbook.Prompting;

/// <summary>
/// Finds the JSON in a model's reply, which may wrap it in prose ("Here is the JSON: {…}. Hope this helps!") or in a
/// Markdown code fence (<c>```json … ```</c>).
/// </summary>
/// <remarks>
/// The rule: (1) if the reply has a code fence, only its content counts (up to the closing fence, or the end);
/// (2) in that text, the JSON starts at the first opening bracket of the expected kind (<c>{</c> for an object,
/// <c>[</c> for an array) and ends at the bracket that closes it, brackets inside strings not counted; if it never
/// closes, it runs to the end, so that the parser reports where it breaks; (3) with no such bracket, the whole text,
/// trimmed (a bare <c>42</c> or <c>"yes"</c> still parses, and prose fails at its first character). Only the first
/// JSON value counts: a second object after it is prose.
/// </remarks>
public static class JsonReply
{
    /// <summary>The JSON text of a reply by the rule above; <paramref name="opening"/> is '{' or '['.</summary>
    public static string Extract(string reply, char opening = '{')
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (opening is not ('{' or '['))
        {
            throw new ArgumentOutOfRangeException(nameof(opening), opening, "The opening bracket must be '{' or '['.");
        }
        var text = FenceContent(reply) ?? reply;
        var start = text.IndexOf(opening);
        if (start < 0)
        {
            return text.Trim();
        }
        var depth = 0;
        var inString = false;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c is '{' or '[')
            {
                depth++;
            }
            else if (c is '}' or ']' && --depth == 0)
            {
                return text[start..(i + 1)];
            }
        }
        return text[start..].TrimEnd();
    }

    /// <summary>The text between the first code fence (after its language tag, if any) and the next fence or the end.</summary>
    private static string? FenceContent(string reply)
    {
        var fence = reply.IndexOf("```", StringComparison.Ordinal);
        if (fence < 0)
        {
            return null;
        }
        var start = fence + 3;
        while (start < reply.Length && char.IsAsciiLetterOrDigit(reply[start]))
        {
            start++;
        }
        var close = reply.IndexOf("```", start, StringComparison.Ordinal);
        return close < 0 ? reply[start..] : reply[start..close];
    }
}
