using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LlmWorkbook.Prompting;

/// <summary>
/// The YAML front matter of a prompt file, read with YamlDotNet's representation model so that every value keeps
/// its line: each error names the file and the line of the file (not of the front matter).
/// </summary>
internal sealed partial class FrontMatter
{
    private readonly int _firstLine;

    /// <param name="source">The file name errors give.</param>
    /// <param name="firstLine">The line of the file the front matter's first line is on.</param>
    public FrontMatter(string source, int firstLine)
    {
        Source = source;
        _firstLine = firstLine;
    }

    /// <summary>The file name errors give.</summary>
    public string Source { get; }

    /// <summary>The top-level mapping (empty for empty front matter).</summary>
    public YamlMappingNode Parse(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw ErrorAt((int)e.Start.Line, e.InnerException?.Message ?? e.Message);
        }
        if (stream.Documents.Count == 0)
        {
            return new YamlMappingNode();
        }
        return stream.Documents[0].RootNode as YamlMappingNode ?? throw Error(stream.Documents[0].RootNode, "the front matter must be a mapping of keys to values");
    }

    public InvalidDataException Error(YamlNode node, string reason) => ErrorAt((int)node.Start.Line, reason);

    private InvalidDataException ErrorAt(int frontMatterLine, string reason) =>
        new($"{Source}, line {_firstLine + frontMatterLine - 1}: {reason}");

    /// <summary>The entries of a mapping node, with keys checked against <paramref name="known"/> when it is given.</summary>
    public IEnumerable<(string Key, YamlNode Value)> Entries(YamlNode node, string what, IReadOnlyCollection<string>? known = null)
    {
        if (node is not YamlMappingNode mapping)
        {
            throw Error(node, $"{what} must be a mapping of keys to values");
        }
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = keyNode is YamlScalarNode { Value: { Length: > 0 } k } ? k : throw Error(keyNode, $"a key of {what} must be a plain name");
            if (known is not null && !known.Contains(key))
            {
                throw Error(keyNode, $"unknown key '{key}' in {what}; known keys: {string.Join(", ", known)}");
            }
            yield return (key, value);
        }
    }

    /// <summary>A scalar as text.</summary>
    public string Text(YamlNode node, string what) =>
        node is YamlScalarNode { Value: { } text } ? text : throw Error(node, $"{what} must be a single value");

    /// <summary>A scalar or a list of scalars as a list of texts.</summary>
    public IReadOnlyList<string> Texts(YamlNode node, string what) => node switch
    {
        YamlScalarNode => [Text(node, what)],
        YamlSequenceNode sequence => sequence.Children.Select(item => Text(item, $"each item of {what}")).ToList(),
        _ => throw Error(node, $"{what} must be a value or a list of values"),
    };

    public double Number(YamlNode node, string what) => Value(node) switch
    {
        long integer => integer,
        double number => number,
        _ => throw Error(node, $"{what} must be a number"),
    };

    public long Integer(YamlNode node, string what) =>
        Value(node) is long integer ? integer : throw Error(node, $"{what} must be a whole number");

    /// <summary>
    /// A node as a plain value, by YAML 1.2's core schema: an unquoted <c>null</c>/<c>~</c>/empty value is null,
    /// <c>true</c>/<c>false</c> a bool, a whole number a long, another number a double; quoted text is always a
    /// string; a list is a <see cref="List{T}"/>, a mapping a <see cref="Dictionary{TKey,TValue}"/>.
    /// </summary>
    public object? Value(YamlNode node) => node switch
    {
        YamlScalarNode scalar => Scalar(scalar),
        YamlSequenceNode sequence => sequence.Children.Select(Value).ToList(),
        YamlMappingNode => Entries(node, "a mapping").ToDictionary(e => e.Key, e => Value(e.Value)),
        _ => throw Error(node, "aliases are not supported"),
    };

    private static object? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any))
        {
            return text;
        }
        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }
        if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return text[0] is 't' or 'T';
        }
        if (IntegerPattern().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return integer;
        }
        if (FloatPattern().IsMatch(text))
        {
            return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        return text;
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
