using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace LlmWorkbook.Prompting;

/// <summary>
/// Verification and retry over any <see cref="IChatClient"/>: asks for JSON, takes the JSON out of the reply
/// (<see cref="JsonReply.Extract"/>), parses it, validates it against the JSON schema (<see cref="JsonSchemaValidator"/>)
/// and the caller's business rule, and on failure appends the model's reply and a user message stating the error
/// (<see cref="Feedback"/>) to the conversation and asks again, up to <see cref="MaxAttempts"/> requests in all.
/// </summary>
/// <remarks>
/// <para>The caller's options are passed through unchanged except two: <see cref="ChatOptions.ResponseFormat"/> is set
/// to the JSON schema when the caller set none (a hosted model then constrains its output; pass
/// <see cref="ChatResponseFormat.Text"/> to ask through the prompt alone), and attempt <c>k</c> uses seed
/// <c>Seed + k − 1</c>, so the first request is exactly the caller's and a retry can differ at a temperature above 0.
/// Without a seed, every attempt leaves it to the client.</para>
/// <para>Errors of the client itself (a prompt longer than the context, cancellation) are not retried: they propagate.
/// The caller's message list is not changed.</para>
/// </remarks>
public sealed class StructuredOutput
{
    /// <summary>Requests per call when the constructor is given no number.</summary>
    public const int DefaultMaxAttempts = 3;

    private static readonly AIJsonSchemaCreateOptions SchemaOptions = new()
    {
        TransformOptions = new() { DisallowAdditionalProperties = true, RequireAllProperties = true },
    };

    /// <param name="client">The model.</param>
    /// <param name="maxAttempts">Requests per call, at least 1 (1 is verification without retry).</param>
    public StructuredOutput(IChatClient client, int maxAttempts = DefaultMaxAttempts)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        Client = client;
        MaxAttempts = maxAttempts;
    }

    public IChatClient Client { get; }

    public int MaxAttempts { get; }

    /// <summary>
    /// The schema <see cref="GetAsync{T}"/> asks for and checks: MEAI's schema of <typeparamref name="T"/>
    /// (<see cref="AIJsonUtilities.CreateJsonSchema"/>) with every property required and no others allowed — what
    /// OpenAI's strict structured output demands too.
    /// </summary>
    public static JsonElement SchemaFor<T>(JsonSerializerOptions? serializerOptions = null) =>
        AIJsonUtilities.CreateJsonSchema(typeof(T), serializerOptions: serializerOptions ?? AIJsonUtilities.DefaultOptions, inferenceOptions: SchemaOptions);

    /// <summary>The user message that tells the model why its reply was rejected.</summary>
    public static string Feedback(string error)
    {
        ArgumentException.ThrowIfNullOrEmpty(error);
        return $"Your reply was rejected: {error}\nReply again with only the corrected JSON.";
    }

    /// <summary>
    /// A <typeparamref name="T"/> from the model: the reply must match <see cref="SchemaFor{T}"/>, deserialize with
    /// <paramref name="serializerOptions"/> (default <see cref="AIJsonUtilities.DefaultOptions"/>: camelCase names,
    /// enums as strings), and pass <paramref name="rule"/> (it returns an error message, or null for a good value).
    /// </summary>
    public Task<StructuredOutputResult<T>> GetAsync<T>(
        IEnumerable<ChatMessage> messages, Func<T, string?>? rule = null, ChatOptions? options = null,
        JsonSerializerOptions? serializerOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var jsonOptions = serializerOptions ?? AIJsonUtilities.DefaultOptions;
        var schema = SchemaFor<T>(jsonOptions);
        return RunAsync(messages, schema, typeof(T).Name, options, json =>
        {
            T? value;
            try
            {
                value = json.Deserialize<T>(jsonOptions);
            }
            catch (JsonException e)
            {
                return (default, $"the JSON does not fit the expected type{(e.Path is { } at ? $" at {at}" : "")}: {WithoutPosition(e.Message)}");
            }
            if (value is null)
            {
                return (default, "the reply is null");
            }
            return (value, rule?.Invoke(value));
        }, cancellationToken);
    }

    /// <summary>
    /// A JSON value from the model that matches <paramref name="schema"/> and passes <paramref name="rule"/> (it
    /// returns an error message, or null for a good value). The value is detached from any document.
    /// </summary>
    public Task<StructuredOutputResult<JsonElement>> GetJsonAsync(
        IEnumerable<ChatMessage> messages, JsonElement schema, Func<JsonElement, string?>? rule = null, ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return RunAsync(messages, schema.Clone(), schemaName: null, options, json => (json.Clone(), rule?.Invoke(json)), cancellationToken);
    }

    private async Task<StructuredOutputResult<T>> RunAsync<T>(
        IEnumerable<ChatMessage> messages, JsonElement schema, string? schemaName, ChatOptions? options,
        Func<JsonElement, (T? Value, string? Error)> accept, CancellationToken cancellationToken)
    {
        var conversation = messages.ToList();
        var opening = schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("type", out var type)
            && type.ValueKind == JsonValueKind.String && type.GetString() == "array" ? '[' : '{';
        var attempts = new List<StructuredOutputAttempt>();
        var usage = new UsageDetails();
        var total = Stopwatch.StartNew();
        for (var number = 1; number <= MaxAttempts; number++)
        {
            var watch = Stopwatch.StartNew();
            var response = await Client.GetResponseAsync(conversation, OptionsFor(options, schema, schemaName, number), cancellationToken).ConfigureAwait(false);
            watch.Stop();
            if (response.Usage is { } used)
            {
                usage.Add(used);
            }
            var text = response.Text;
            var (value, error) = Check(text, opening, schema, accept);
            attempts.Add(new StructuredOutputAttempt(number, text, error, watch.Elapsed, response.Usage));
            if (error is null)
            {
                return new StructuredOutputResult<T>(value, attempts, total.Elapsed, usage);
            }
            conversation.Add(new ChatMessage(ChatRole.Assistant, text));
            conversation.Add(new ChatMessage(ChatRole.User, Feedback(error)));
        }
        return new StructuredOutputResult<T>(default, attempts, total.Elapsed, usage);
    }

    private static (T? Value, string? Error) Check<T>(string reply, char opening, JsonElement schema, Func<JsonElement, (T? Value, string? Error)> accept)
    {
        if (string.IsNullOrWhiteSpace(reply))
        {
            return (default, "the reply is empty; it must be JSON");
        }
        var json = JsonReply.Extract(reply, opening);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            return (default, $"the reply is not valid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1} of the JSON: {WithoutPosition(e.Message)}");
        }
        using (document)
        {
            var errors = JsonSchemaValidator.Validate(schema, document.RootElement);
            if (errors.Count > 0)
            {
                return (default, "the JSON does not match the schema: " + string.Join("; ", errors));
            }
            return accept(document.RootElement);
        }
    }

    private static ChatOptions OptionsFor(ChatOptions? options, JsonElement schema, string? schemaName, int attempt)
    {
        var copy = options?.Clone() ?? new ChatOptions();
        copy.ResponseFormat ??= ChatResponseFormat.ForJsonSchema(schema, schemaName);
        if (options?.Seed is { } seed)
        {
            copy.Seed = seed + attempt - 1;
        }
        return copy;
    }

    /// <summary>System.Text.Json's message without its " Path: … | LineNumber: … | BytePositionInLine: …." tail.</summary>
    private static string WithoutPosition(string message)
    {
        var tail = message.IndexOf(" Path: ", StringComparison.Ordinal) is var path and >= 0 ? path : message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        return tail >= 0 ? message[..tail] : message;
    }
}
