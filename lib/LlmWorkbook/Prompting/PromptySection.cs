using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace LlmWorkbook.Prompting;

/// <summary>
/// One message of a prompt file's body: a role line (<c>system:</c>, <c>user:</c> or <c>assistant:</c> alone on its
/// line, case-insensitive, optionally after <c>#</c>) and the text up to the next role line, split into literal text
/// and <c>{{name}}</c> / <c>{{$name}}</c> placeholders when the file is read, so that rendering never re-reads what
/// it inserts. Blank lines and spaces at the start and end of a section are not part of it.
/// </summary>
internal sealed partial record PromptySection(ChatRole Role, IReadOnlyList<TemplatePart> Parts, int Line)
{
    /// <summary>
    /// The sections of a body whose first line is line <paramref name="firstLine"/> of <paramref name="source"/>. Text
    /// before the first role line, if any, is a system message (as in Prompty).
    /// </summary>
    public static IReadOnlyList<PromptySection> Parse(IReadOnlyList<string> lines, int firstLine, string source)
    {
        var sections = new List<PromptySection>();
        ChatRole? role = null;
        var roleLine = firstLine;
        var parts = new List<TemplatePart>();
        void Close()
        {
            var trimmed = Trim(parts);
            if (trimmed.Count > 0)
            {
                sections.Add(new PromptySection(role ?? ChatRole.System, trimmed, roleLine));
            }
            else if (role is not null)
            {
                throw new InvalidDataException($"{source}, line {roleLine}: the {role} section is empty");
            }
        }
        for (var i = 0; i < lines.Count; i++)
        {
            if (RoleLine().Match(lines[i]) is { Success: true } match)
            {
                Close();
                role = new ChatRole(match.Groups[1].Value.ToLowerInvariant());
                roleLine = firstLine + i;
                parts = [];
                continue;
            }
            if (parts.Count > 0)
            {
                parts.Add(TemplatePart.Literal("\n"));
            }
            parts.AddRange(SplitLine(lines[i], firstLine + i, source));
        }
        Close();
        if (sections.Count == 0)
        {
            throw new InvalidDataException($"{source}, line {firstLine}: the prompt has no messages");
        }
        return sections;
    }

    private static IEnumerable<TemplatePart> SplitLine(string line, int lineNumber, string source)
    {
        var position = 0;
        foreach (Match placeholder in PlaceholderPattern().Matches(line))
        {
            yield return TemplatePart.Literal(Checked(line[position..placeholder.Index], lineNumber, source));
            yield return TemplatePart.Placeholder(placeholder.Groups[1].Value, lineNumber);
            position = placeholder.Index + placeholder.Length;
        }
        yield return TemplatePart.Literal(Checked(line[position..], lineNumber, source));
    }

    /// <summary>Literal text may not hold other template syntax: it would silently reach the model unrendered.</summary>
    private static string Checked(string text, int lineNumber, string source)
    {
        var start = text.IndexOf("{{", StringComparison.Ordinal) is var braces and >= 0 ? braces : text.IndexOf("{%", StringComparison.Ordinal);
        if (start >= 0)
        {
            var excerpt = text[start..Math.Min(text.Length, start + 30)];
            throw new InvalidDataException(
                $"{source}, line {lineNumber}: unsupported template syntax at '{excerpt}'; only {{{{name}}}} and {{{{$name}}}} placeholders are supported");
        }
        return text;
    }

    /// <summary>The parts without empty literals, leading whitespace of the first part and trailing of the last.</summary>
    private static List<TemplatePart> Trim(List<TemplatePart> parts)
    {
        var merged = new List<TemplatePart>();
        foreach (var part in parts)
        {
            if (!part.IsPlaceholder && merged.Count > 0 && !merged[^1].IsPlaceholder)
            {
                merged[^1] = TemplatePart.Literal(merged[^1].Text + part.Text);
            }
            else
            {
                merged.Add(part);
            }
        }
        if (merged.Count > 0 && !merged[0].IsPlaceholder)
        {
            merged[0] = TemplatePart.Literal(merged[0].Text.TrimStart());
        }
        if (merged.Count > 0 && !merged[^1].IsPlaceholder)
        {
            merged[^1] = TemplatePart.Literal(merged[^1].Text.TrimEnd());
        }
        merged.RemoveAll(p => !p.IsPlaceholder && p.Text.Length == 0);
        return merged;
    }

    [GeneratedRegex(@"^\s*#?\s*(system|user|assistant)\s*:\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RoleLine();

    [GeneratedRegex(@"\{\{\s*\$?([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")]
    private static partial Regex PlaceholderPattern();
}
