namespace LlmWorkbook.Prompting;

/// <summary>
/// A piece of a message template: literal text, or the name of the input a placeholder stands for, with the line of
/// the file it is on.
/// </summary>
internal readonly record struct TemplatePart(string Text, bool IsPlaceholder, int Line)
{
    public static TemplatePart Literal(string text) => new(text, false, 0);

    public static TemplatePart Placeholder(string name, int line) => new(name, true, line);
}
