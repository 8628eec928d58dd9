namespace LlmWorkbook.Prompting;

/// <summary>
/// Bounds that keep every document a <see cref="JsonSchemaGrammar"/> accepts finite, so that constrained generation
/// always reaches a complete document: a model cannot write one string, number or array forever.
/// A schema's own <c>maxLength</c> or <c>maxItems</c> applies when it is smaller.
/// </summary>
/// <param name="MaxStringLength">Characters (code points; an escape such as <c>\n</c> is one) in a string.</param>
/// <param name="MaxIntegerDigits">Digits of an integer; 9 fits any <see cref="int"/> property.</param>
/// <param name="MaxNumberDigits">Digits of a number, before and after the decimal point together.</param>
/// <param name="MaxItems">Items of an array, and entries of an object whose keys the schema does not name.</param>
/// <param name="MaxDepth">Levels of arrays and objects in a value whose schema allows any JSON (the object of
/// <see cref="JsonSchemaGrammar.AnyObject"/> is the first).</param>
public sealed record JsonGrammarLimits(
    int MaxStringLength = 200, int MaxIntegerDigits = 9, int MaxNumberDigits = 15, int MaxItems = 32, int MaxDepth = 4)
{
    /// <summary>The defaults: 200 characters, 9 integer digits, 15 number digits, 32 items, depth 4.</summary>
    public static JsonGrammarLimits Default { get; } = new();

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxStringLength, 1, nameof(MaxStringLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxIntegerDigits, 1, nameof(MaxIntegerDigits));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxNumberDigits, 1, nameof(MaxNumberDigits));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxItems, 1, nameof(MaxItems));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDepth, 1, nameof(MaxDepth));
    }
}
