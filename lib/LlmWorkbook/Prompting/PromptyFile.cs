using System.Collections.ObjectModel;
using System.Globalization;
using System.Security;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using YamlDotNet.RepresentationModel;

namespace LlmWorkbook.Prompting;

/// <summary>
/// A prompt file in the Prompty format: YAML front matter between two <c>---</c> lines, then the messages, each a
/// role line (<c>system:</c>, <c>user:</c>, <c>assistant:</c>) followed by its text with <c>{{name}}</c> placeholders
/// (Prompty's Jinja style; Semantic Kernel's <c>{{$name}}</c> is read too). Semantic Kernel's Prompty package is not
/// served by this course's registry; this is the small loader the course uses instead.
/// </summary>
/// <remarks>
/// <para>Front matter keys: <c>name</c>, <c>description</c>, <c>authors</c>, <c>model</c> (<c>api</c>: only
/// <c>chat</c>; <c>configuration</c>; <c>parameters</c>, see <see cref="ToChatOptions"/>), <c>inputs</c> (each
/// <c>name: {type, description, default}</c>), <c>sample</c> (input values to try the prompt with). <c>version</c>,
/// <c>tags</c>, <c>metadata</c>, <c>outputs</c>, <c>template</c> and <c>$schema</c> are accepted and ignored; any other
/// key is an error, so a misspelt key does not pass unnoticed. Without an <c>inputs</c> key, the placeholders of the
/// body are the inputs (all required); with one, a placeholder that is not a declared input is an error.</para>
/// <para>A role line is the role and a colon alone on a line (case-insensitive, <c># user:</c> too); text before the
/// first role line is a system message; blank lines and spaces at either end of a message are not part of it, so a
/// few-shot prompt is simply several <c>user:</c>/<c>assistant:</c> sections.</para>
/// <para>The template language is placeholders only: Jinja statements (<c>{% … %}</c>) and filters are rejected with
/// the line they are on. Values are inserted as text in one pass over the parsed template, so a value that itself
/// holds <c>{{name}}</c> reaches the model as those characters and is never expanded (no template injection).</para>
/// <para>Every error in a file names the file and the line.</para>
/// </remarks>
public sealed class PromptyFile
{
    private static readonly string[] TopLevelKeys =
        ["name", "description", "authors", "model", "inputs", "sample", "version", "tags", "metadata", "outputs", "template", "$schema"];

    private static readonly string[] ModelKeys = ["api", "configuration", "parameters", "response"];

    private static readonly string[] InputKeys = ["type", "description", "default", "sample"];

    private readonly IReadOnlyList<PromptySection> _sections;
    private readonly ChatOptions _options;

    private PromptyFile(
        string name, string? description, IReadOnlyList<string> authors, IReadOnlyDictionary<string, object?> configuration,
        IReadOnlyDictionary<string, object?> parameters, ChatOptions options, IReadOnlyList<PromptyInput> inputs,
        IDictionary<string, object?> sample, IReadOnlyList<PromptySection> sections)
    {
        Name = name;
        Description = description;
        Authors = authors;
        Configuration = configuration;
        Parameters = parameters;
        _options = options;
        Inputs = inputs;
        Sample = new ReadOnlyDictionary<string, object?>(sample);
        _sections = sections;
    }

    /// <summary>The prompt's <c>name</c>, or the file name without its extension.</summary>
    public string Name { get; }

    public string? Description { get; }

    public IReadOnlyList<string> Authors { get; }

    /// <summary><c>model.configuration</c> as plain values (<c>${env:…}</c> references are kept as written).</summary>
    public IReadOnlyDictionary<string, object?> Configuration { get; }

    /// <summary><c>model.parameters</c> as plain values, as written.</summary>
    public IReadOnlyDictionary<string, object?> Parameters { get; }

    /// <summary>The inputs, in the order the file declares them (or their placeholders first occur).</summary>
    public IReadOnlyList<PromptyInput> Inputs { get; }

    /// <summary>The file's <c>sample</c> values; <c>Render(file.Sample)</c> tries the prompt.</summary>
    public ReadOnlyDictionary<string, object?> Sample { get; }

    /// <summary>Reads a prompt file; errors name the file and line.</summary>
    public static PromptyFile Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Parse(File.ReadAllText(path), Path.GetFileName(path));
    }

    /// <summary>Reads a prompt from text; <paramref name="source"/> is the name errors give and the default name.</summary>
    public static PromptyFile Parse(string text, string source = "prompt.prompty")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrEmpty(source);
        var lines = text.ReplaceLineEndings("\n").TrimStart('\uFEFF').Split('\n');
        var bodyStart = 0;
        var root = new YamlMappingNode();
        var frontMatter = new FrontMatter(source, firstLine: 2);
        if (lines[0].TrimEnd() == "---")
        {
            var end = Array.FindIndex(lines, 1, l => l.TrimEnd() == "---");
            if (end < 0)
            {
                throw new InvalidDataException($"{source}, line 1: the front matter has no closing '---' line");
            }
            root = frontMatter.Parse(string.Join('\n', lines[1..end]));
            bodyStart = end + 1;
        }
        var sections = PromptySection.Parse(lines[bodyStart..], bodyStart + 1, source);
        return FromFrontMatter(root, frontMatter, sections, Path.GetFileNameWithoutExtension(source));
    }

    private static PromptyFile FromFrontMatter(YamlMappingNode root, FrontMatter yaml, IReadOnlyList<PromptySection> sections, string defaultName)
    {
        string? name = null, description = null;
        IReadOnlyList<string> authors = [];
        IReadOnlyDictionary<string, object?> configuration = new Dictionary<string, object?>(), parameters = new Dictionary<string, object?>();
        var options = new ChatOptions();
        List<PromptyInput>? inputs = null;
        (YamlNode Node, Dictionary<string, object?> Values)? sample = null;
        foreach (var (key, value) in yaml.Entries(root, "the front matter", TopLevelKeys))
        {
            switch (key)
            {
                case "name": name = yaml.Text(value, "name"); break;
                case "description": description = yaml.Text(value, "description"); break;
                case "authors": authors = yaml.Texts(value, "authors"); break;
                case "model": (configuration, parameters, options) = ReadModel(value, yaml); break;
                case "inputs": inputs = ReadInputs(value, yaml); break;
                case "sample": sample = (value, yaml.Entries(value, "sample").ToDictionary(e => e.Key, e => yaml.Value(e.Value))); break;
            }
        }
        var placeholders = sections.SelectMany(s => s.Parts.Where(p => p.IsPlaceholder)).ToList();
        var declared = inputs
            ?? placeholders.Select(p => p.Text).Distinct().Select(n => new PromptyInput(n, "string", null, false, null)).ToList();
        if (placeholders.FirstOrDefault(p => declared.All(i => i.Name != p.Text)) is { Text: not null } undeclared)
        {
            throw new InvalidDataException(
                $"{yaml.Source}, line {undeclared.Line}: the placeholder '{undeclared.Text}' is not one of the declared inputs ({Names(declared)})");
        }
        if (sample is { } given && given.Values.Keys.FirstOrDefault(k => declared.All(i => i.Name != k)) is { } stray)
        {
            throw yaml.Error(given.Node, $"the sample value '{stray}' is not one of the inputs ({Names(declared)})");
        }
        if (configuration.TryGetValue("name", out var model) || configuration.TryGetValue("azure_deployment", out model))
        {
            options.ModelId = model?.ToString();
        }
        return new PromptyFile(name ?? defaultName, description, authors, configuration, parameters, options, declared,
            sample?.Values ?? new Dictionary<string, object?>(), sections);
    }

    private static (IReadOnlyDictionary<string, object?>, IReadOnlyDictionary<string, object?>, ChatOptions) ReadModel(YamlNode node, FrontMatter yaml)
    {
        var configuration = new Dictionary<string, object?>();
        var parameters = new Dictionary<string, object?>();
        var options = new ChatOptions();
        foreach (var (key, value) in yaml.Entries(node, "model", ModelKeys))
        {
            switch (key)
            {
                case "api" when yaml.Text(value, "model.api") != "chat":
                    throw yaml.Error(value, "model.api must be 'chat' (completion prompts are not supported)");
                case "configuration":
                    configuration = yaml.Entries(value, "model.configuration").ToDictionary(e => e.Key, e => yaml.Value(e.Value));
                    break;
                case "parameters":
                    foreach (var (parameter, setting) in yaml.Entries(value, "model.parameters"))
                    {
                        parameters[parameter] = yaml.Value(setting);
                        PromptyParameters.Apply(options, parameter, setting, yaml);
                    }
                    break;
            }
        }
        return (configuration, parameters, options);
    }

    private static List<PromptyInput> ReadInputs(YamlNode node, FrontMatter yaml)
    {
        var inputs = new List<PromptyInput>();
        foreach (var (name, declaration) in yaml.Entries(node, "inputs"))
        {
            string type = "string";
            string? description = null;
            var hasDefault = false;
            object? @default = null;
            foreach (var (key, value) in yaml.Entries(declaration, $"the input '{name}'", InputKeys))
            {
                switch (key)
                {
                    case "type":
                        type = yaml.Text(value, "type");
                        if (!PromptyInput.Types.Contains(type))
                        {
                            throw yaml.Error(value, $"the type of input '{name}' must be one of {string.Join(", ", PromptyInput.Types)}");
                        }
                        break;
                    case "description": description = yaml.Text(value, "description"); break;
                    case "default": (hasDefault, @default) = (true, yaml.Value(value)); break;
                }
            }
            inputs.Add(new PromptyInput(name, type, description, hasDefault, @default));
        }
        return inputs;
    }

    /// <summary>
    /// The messages for these input values: defaults fill inputs not given (a null value counts as not given). An
    /// input that is not the prompt's, or a required input with no value, throws an <see cref="ArgumentException"/>
    /// naming it. Values are inserted as text (<see cref="FormatValue"/>) and never rendered again.
    /// </summary>
    public IList<ChatMessage> Render(IDictionary<string, object?> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var unknown = inputs.Keys.Where(k => Inputs.All(i => i.Name != k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException(
                $"The prompt '{Name}' has no input {string.Join(", ", unknown.Select(u => $"'{u}'"))}; its inputs are {Names(Inputs)}.", nameof(inputs));
        }
        var values = new Dictionary<string, string>();
        var missing = new List<string>();
        foreach (var input in Inputs)
        {
            if (inputs.TryGetValue(input.Name, out var value) && value is not null)
            {
                values[input.Name] = FormatValue(value);
            }
            else if (input.HasDefault)
            {
                values[input.Name] = input.Default is null ? "" : FormatValue(input.Default);
            }
            else
            {
                missing.Add(input.Name);
            }
        }
        if (missing.Count > 0)
        {
            throw new ArgumentException(
                $"The prompt '{Name}' needs the input {string.Join(", ", missing.Select(m => $"'{m}'"))} (no default).", nameof(inputs));
        }
        return _sections
            .Select(s => new ChatMessage(s.Role, string.Concat(s.Parts.Select(p => p.IsPlaceholder ? values[p.Text] : p.Text))))
            .ToList();
    }

    /// <summary>
    /// A value as the template inserts it: text as is, numbers and dates in the invariant culture, booleans as
    /// <c>true</c>/<c>false</c>, a list as its items joined by ", ".
    /// </summary>
    public static string FormatValue(object value) => value switch
    {
        string text => text,
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IEnumerable items => string.Join(", ", items.Cast<object?>().Select(i => i is null ? "" : FormatValue(i))),
        _ => value.ToString() ?? "",
    };

    /// <summary>
    /// The file's <c>model.parameters</c> as chat options: <c>temperature</c>, <c>top_p</c>, <c>top_k</c>,
    /// <c>max_tokens</c> (or <c>max_completion_tokens</c>), <c>stop</c> (one or a list), <c>seed</c>,
    /// <c>frequency_penalty</c>, <c>presence_penalty</c>, <c>response_format</c> (<c>{type: json_object}</c> or
    /// <c>text</c>); any other parameter goes to <see cref="ChatOptions.AdditionalProperties"/>. The model id is
    /// <c>model.configuration.name</c> (OpenAI) or <c>azure_deployment</c> (Azure OpenAI), if given. A new copy each call.
    /// </summary>
    public ChatOptions ToChatOptions() => _options.Clone();

    /// <summary>
    /// The prompt as a Semantic Kernel prompt configuration in SK's own template format: one
    /// <c>&lt;message role="…"&gt;</c> per section (literal text XML-escaped, placeholders as <c>{{$name}}</c>), the
    /// inputs as input variables (defaults formatted as <see cref="Render"/> formats them), and the parameters as the
    /// default execution settings (<c>stop</c> as SK's <c>stop_sequences</c>, <c>response_format</c> as its type name). The name keeps only letters, digits and
    /// underscores, as SK requires of a function name. Rendered by SK, each message is trimmed of whitespace at both
    /// ends; otherwise the messages equal <see cref="Render"/>'s.
    /// </summary>
    public PromptTemplateConfig ToPromptTemplateConfig()
    {
        var template = new StringBuilder();
        foreach (var section in _sections)
        {
            template.Append("<message role=\"").Append(section.Role.Value).Append("\">");
            foreach (var part in section.Parts)
            {
                template.Append(part.IsPlaceholder ? "{{$" + part.Text + "}}" : SecurityElement.Escape(part.Text));
            }
            template.Append("</message>\n");
        }
        var config = new PromptTemplateConfig
        {
            Name = new string(Name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray()),
            Description = Description,
            TemplateFormat = PromptTemplateConfig.SemanticKernelTemplateFormat,
            Template = template.ToString(),
        };
        foreach (var input in Inputs)
        {
            config.InputVariables.Add(new InputVariable
            {
                Name = input.Name,
                Description = input.Description,
                IsRequired = input.Required,
                Default = input.HasDefault && input.Default is not null ? FormatValue(input.Default) : input.HasDefault ? "" : null,
            });
        }
        if (Parameters.Count > 0 || _options.ModelId is not null)
        {
            config.AddExecutionSettings(new PromptExecutionSettings
            {
                ModelId = _options.ModelId,
                ExtensionData = Parameters.Where(p => p.Value is not null).ToDictionary(
                    p => p.Key == "stop" ? "stop_sequences" : p.Key,
                    p => p.Key switch
                    {
                        "stop" => _options.StopSequences!.ToList(),
                        "response_format" => _options.ResponseFormat is ChatResponseFormatJson ? "json_object" : "text",
                        _ => p.Value!,
                    }),
            });
        }
        return config;
    }

    private static string Names(IEnumerable<PromptyInput> inputs) =>
        inputs.Any() ? string.Join(", ", inputs.Select(i => $"'{i.Name}'")) : "none";
}
