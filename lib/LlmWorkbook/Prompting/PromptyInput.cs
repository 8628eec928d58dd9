namespace LlmWorkbook.Prompting;

/// <summary>
/// One input of a prompt file: its name (the <c>{{name}}</c> of the template), its declared type (<c>string</c>,
/// <c>number</c>, <c>integer</c>, <c>boolean</c>, <c>array</c> or <c>object</c>; it documents the input, rendering
/// does not check it), its description, and its default. An input without a default is required.
/// </summary>
public sealed record PromptyInput(string Name, string Type, string? Description, bool HasDefault, object? Default)
{
    /// <summary>Every type an input may declare.</summary>
    public static IReadOnlyList<string> Types { get; } = ["string", "number", "integer", "boolean", "array", "object"];

    /// <summary>Whether a render must be given this input (it has no default).</summary>
    public bool Required => !HasDefault;
}
