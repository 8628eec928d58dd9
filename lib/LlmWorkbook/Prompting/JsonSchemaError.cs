namespace LlmWorkbook.Prompting;

/// <summary>
/// One way a JSON value breaks its schema: where (a JSON path such as <c>$.people[2].name</c>, <c>$</c> for the whole
/// value) and what is wrong.
/// </summary>
public sealed record JsonSchemaError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
