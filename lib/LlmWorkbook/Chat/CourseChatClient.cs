using System.Runtime.CompilerServices;
using LlmWorkbook.Gpt;
using LlmWorkbook.Prompting;
using LlmWorkbook.Tokenization;
using Microsoft.Extensions.AI;

namespace LlmWorkbook.Chat;

/// <summary>
/// The course model behind <see cref="IChatClient"/>: the conversation goes through <see cref="ChatTemplate"/>, the
/// reply is sampled token by token with the KV cache (<see cref="GptGenerator.StreamTokens"/>) and streamed as text
/// once it is final. Tool calls follow <see cref="ToolCallFormat"/> and come back as <see cref="FunctionCallContent"/>,
/// so <c>UseFunctionInvocation()</c>, Semantic Kernel and the Agent Framework use it like any hosted model.
/// </summary>
/// <remarks>
/// <para>Options: <see cref="ChatOptions.Temperature"/> (0 is greedy), <see cref="ChatOptions.TopP"/>,
/// <see cref="ChatOptions.TopK"/>, <see cref="ChatOptions.MaxOutputTokens"/>, <see cref="ChatOptions.StopSequences"/>
/// (the reply ends before the first one), <see cref="ChatOptions.Seed"/>, <see cref="ChatOptions.ModelId"/> (must be
/// this client's), <see cref="ChatOptions.Instructions"/> (a system message before the conversation),
/// <see cref="ChatOptions.Tools"/> (function declarations are offered in the system message, other tools ignored) and
/// <see cref="ChatOptions.ToolMode"/> (<see cref="ChatToolMode.None"/> offers no tools; a required mode is not
/// enforced). Unset options take this class's defaults, so a request without options is deterministic.</para>
/// <para><see cref="ChatOptions.ResponseFormat"/> works like a hosted model's strict structured outputs: a
/// <see cref="ChatResponseFormatJson"/> with a schema decodes the reply under a <see cref="JsonSchemaTokenConstraint"/>
/// for it, so the reply is compact JSON valid for the schema by construction (every property, in the schema's order;
/// see <see cref="JsonSchemaGrammar"/> for the schema subset, and a schema outside it throws
/// <see cref="NotSupportedException"/>), and <c>GetResponseAsync&lt;T&gt;()</c> gets JSON it can deserialize.
/// <see cref="ChatResponseFormat.Json"/> without a schema constrains the reply to any JSON object. The schema is not
/// added to the prompt: say in the messages what to extract. Tools are not offered while a JSON format is asked for,
/// since a tool call is not a document of the schema. Only a reply cut short by the token budget
/// (<see cref="ChatFinishReason.Length"/>) or a stop sequence can be incomplete. Text or no format: unconstrained.</para>
/// <para>The reply ends at a special token such as &lt;|im_end|&gt; or at a stop sequence
/// (<see cref="ChatFinishReason.Stop"/>), after the maximum output tokens or at the end of the context
/// (<see cref="ChatFinishReason.Length"/>), or as tool calls (<see cref="ChatFinishReason.ToolCalls"/>). A reply that
/// looks like tool calls but does not parse comes back as text, with the parse error under
/// <see cref="ToolCallErrorKey"/> in the additional properties of the last update (and so of the response).</para>
/// <para>TorchSharp models are not safe for concurrent use: requests to one client run one at a time.</para>
/// </remarks>
public sealed class CourseChatClient : IChatClient
{
    /// <summary>The provider name in <see cref="ChatClientMetadata"/>.</summary>
    public const string ProviderName = "llm-workbook";

    /// <summary>The model id when the constructor is given none.</summary>
    public const string DefaultModelId = "course-assistant";

    /// <summary>Reply tokens when <see cref="ChatOptions.MaxOutputTokens"/> is not set.</summary>
    public const int DefaultMaxOutputTokens = 256;

    /// <summary>The temperature when <see cref="ChatOptions.Temperature"/> is not set.</summary>
    public const float DefaultTemperature = 0.7f;

    /// <summary>The sampling seed when <see cref="ChatOptions.Seed"/> is not set.</summary>
    public const long DefaultSeed = 1337;

    /// <summary>
    /// The additional-properties key of a text the reply must be copied from (<see cref="ContextSpanConstraint"/>):
    /// extractive answers by construction. Tools are not offered then.
    /// </summary>
    public const string CopyFromKey = "copy_from";

    /// <summary>The additional-properties key of the parse error of a reply that looked like tool calls.</summary>
    public const string ToolCallErrorKey = "tool_call_error";

    /// <summary>The reply's tokens for a prompt, one at a time, for as long as they are read.</summary>
    internal delegate IEnumerable<int> TokenSource(IReadOnlyList<int> prompt, SamplingOptions sampling, int seed);

    /// <summary>The reply's tokens for a prompt, picked under the constraint when there is one.</summary>
    internal delegate IEnumerable<int> ConstrainedTokenSource(IReadOnlyList<int> prompt, SamplingOptions sampling, int seed, ITokenConstraint? constraint);

    private readonly ByteLevelBpeTokenizer _tokenizer;
    private readonly ChatTemplate _template;
    private readonly int _contextLength;
    private readonly ConstrainedTokenSource _generate;
    private readonly int _imEnd;
    private readonly ChatClientMetadata _metadata;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private GptModel? _ownedModel;

    /// <summary>A client over a model and the tokenizer it was trained with. The caller keeps ownership of the model.</summary>
    /// <param name="model">The model; its vocabulary must cover the tokenizer's ids.</param>
    /// <param name="tokenizer">The tokenizer, with the chat markers as special tokens.</param>
    /// <param name="modelId">The id reported in metadata and responses.</param>
    public CourseChatClient(GptModel model, ByteLevelBpeTokenizer tokenizer, string modelId = DefaultModelId)
        : this(tokenizer, ContextLengthOf(model, tokenizer),
            (prompt, sampling, seed, constraint) => GptGenerator.StreamTokens(model, prompt, sampling, seed, constraint: constraint), modelId)
    {
    }

    /// <summary>A client whose tokens come from <paramref name="generate"/> instead of a model (tests script replies); it ignores constraints.</summary>
    internal CourseChatClient(ByteLevelBpeTokenizer tokenizer, int contextLength, TokenSource generate, string modelId)
        : this(tokenizer, contextLength, (prompt, sampling, seed, _) => generate(prompt, sampling, seed), modelId)
    {
    }

    /// <summary>A client whose tokens come from <paramref name="generate"/> instead of a model (tests script replies).</summary>
    internal CourseChatClient(ByteLevelBpeTokenizer tokenizer, int contextLength, ConstrainedTokenSource generate, string modelId)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentOutOfRangeException.ThrowIfLessThan(contextLength, 2);
        ArgumentNullException.ThrowIfNull(generate);
        ArgumentException.ThrowIfNullOrEmpty(modelId);
        _tokenizer = tokenizer;
        _template = new ChatTemplate(tokenizer);
        _imEnd = tokenizer.SpecialTokenId(ChatTemplate.ImEnd);
        _contextLength = contextLength;
        _generate = generate;
        _metadata = new ChatClientMetadata(ProviderName, defaultModelId: modelId);
    }

    /// <summary>The id reported in metadata and responses.</summary>
    public string ModelId => _metadata.DefaultModelId!;

    /// <summary>The tokens the model reads at once, prompt and reply together.</summary>
    public int ContextLength => _contextLength;

    /// <summary>The tokens <paramref name="messages"/> take as a prompt without tools, as this client encodes them (reply prompt included).</summary>
    public int CountPromptTokens(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return _template.CountTokens(messages.ToList());
    }

    /// <summary>The bounds on strings, numbers and arrays of a reply decoded under a JSON response format.</summary>
    public JsonGrammarLimits ResponseFormatLimits { get; init; } = JsonGrammarLimits.Default;

    /// <summary>
    /// A client over a checkpoint saved by <see cref="GptCheckpoint"/> and a tokenizer file read by
    /// <see cref="CourseGpt.LoadTokenizer"/>; the client owns the model and disposes it.
    /// </summary>
    public static CourseChatClient Load(string checkpointPath, string tokenizerPath, string modelId = DefaultModelId)
    {
        ArgumentException.ThrowIfNullOrEmpty(checkpointPath);
        ArgumentException.ThrowIfNullOrEmpty(tokenizerPath);
        var tokenizer = CourseGpt.LoadTokenizer(tokenizerPath);
        var model = GptCheckpoint.Load(checkpointPath);
        try
        {
            return new CourseChatClient(model, tokenizer, modelId) { _ownedModel = model };
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    /// <remarks>The streamed reply gathered into one response: the same text for the same options and seed.</remarks>
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    /// <inheritdoc/>
    /// <remarks>
    /// One update per piece of final text, then a last update with the finish reason, the usage and any tool calls.
    /// The options and the prompt's length are checked when this is called, before anything is generated.
    /// </remarks>
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return Stream(Prepare(messages.ToList(), options), cancellationToken);
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <summary>Disposes the model when the client loaded it (<see cref="Load"/>).</summary>
    public void Dispose()
    {
        _ownedModel?.Dispose();
        _oneAtATime.Dispose();
    }

    /// <summary>Everything one generation needs, checked.</summary>
    private sealed record Request(
        List<int> Prompt, int MaxOutputTokens, SamplingOptions Sampling, int Seed, IReadOnlyList<string> StopSequences,
        bool ToolsOffered, int EarlierCalls, string ModelId, JsonSchemaGrammar? Grammar, string? CopyFrom);

    private Request Prepare(List<ChatMessage> messages, ChatOptions? options)
    {
        if (options?.ModelId is { } modelId && modelId != ModelId)
        {
            throw new ArgumentException($"this client serves the model '{ModelId}', not '{modelId}'", nameof(options));
        }
        var maxOutputTokens = options?.MaxOutputTokens ?? DefaultMaxOutputTokens;
        ArgumentOutOfRangeException.ThrowIfLessThan(maxOutputTokens, 1, "options.MaxOutputTokens");
        var temperature = options?.Temperature ?? DefaultTemperature;
        if (!(temperature >= 0 && float.IsFinite(temperature)))
        {
            throw new ArgumentOutOfRangeException("options.Temperature", temperature, "the temperature must be 0 (greedy) or more");
        }
        if (options?.TopP is { } topP && !(topP > 0 && topP <= 1))
        {
            throw new ArgumentOutOfRangeException("options.TopP", topP, "top-p must be in (0, 1]");
        }
        if (options?.TopK is { } topK)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(topK, 1, "options.TopK");
        }
        var stopSequences = options?.StopSequences?.ToList() ?? [];
        if (stopSequences.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("a stop sequence must not be empty", nameof(options));
        }

        if (options?.Instructions is { Length: > 0 } instructions)
        {
            messages.Insert(0, new ChatMessage(ChatRole.System, instructions));
        }
        var grammar = options?.ResponseFormat switch
        {
            ChatResponseFormatJson { Schema: { } schema } => JsonSchemaGrammar.FromSchema(schema, ResponseFormatLimits),
            ChatResponseFormatJson => JsonSchemaGrammar.AnyObject(ResponseFormatLimits),
            _ => null,
        };
        var copyFrom = options?.AdditionalProperties?.TryGetValue(CopyFromKey, out var value) == true ? value as string
            ?? throw new ArgumentException($"the additional property '{CopyFromKey}' must be the text to copy from", nameof(options)) : null;
        if (copyFrom is not null && grammar is not null)
        {
            throw new ArgumentException($"a reply cannot be both JSON and copied from a text ('{CopyFromKey}')", nameof(options));
        }
        var tools = grammar is not null || copyFrom is not null || options?.ToolMode is NoneChatToolMode ? null : options?.Tools?.OfType<AIFunctionDeclaration>().ToList();
        var prompt = _template.Encode(messages, tools: tools);
        if (prompt.Count >= _contextLength)
        {
            throw new ArgumentException(
                $"the prompt is {prompt.Count} tokens, but the context length is {_contextLength}: the prompt may use at most " +
                $"{_contextLength - 1} tokens, so that at least one is left for the reply", nameof(messages));
        }
        var seed = options?.Seed ?? DefaultSeed;
        return new Request(
            prompt,
            MaxOutputTokens: Math.Min(maxOutputTokens, _contextLength - prompt.Count),
            new SamplingOptions(temperature, options?.TopK, options?.TopP),
            Seed: (int)(seed ^ (seed >>> 32)), // System.Random takes an int; fold the 64-bit seed into one
            stopSequences,
            ToolsOffered: tools is { Count: > 0 },
            EarlierCalls: messages.Sum(m => m.Contents.OfType<FunctionCallContent>().Count()),
            ModelId,
            grammar,
            copyFrom);
    }

    private async IAsyncEnumerable<ChatResponseUpdate> Stream(Request request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var reply = new ReplyDecoder(_tokenizer, request.StopSequences, holdPossibleToolCalls: request.ToolsOffered);
            var outputTokens = 0;
            var finishReason = ChatFinishReason.Length;
            ITokenConstraint? constraint = request.Grammar is not null ? new JsonSchemaTokenConstraint(request.Grammar, _tokenizer, _imEnd, request.MaxOutputTokens)
                : request.CopyFrom is not null ? new ContextSpanConstraint(request.CopyFrom, _tokenizer, _imEnd)
                : null;
            // The budget also ends the reply at the end of the context (Prepare caps it there).
            foreach (var token in _generate(request.Prompt, request.Sampling, request.Seed, constraint).Take(request.MaxOutputTokens))
            {
                cancellationToken.ThrowIfCancellationRequested();
                outputTokens++;
                if (_tokenizer.IsSpecial(token))
                {
                    finishReason = ChatFinishReason.Stop;
                    break;
                }
                if (reply.Add(token) is { Length: > 0 } piece)
                {
                    yield return new ChatResponseUpdate(ChatRole.Assistant, piece) { ModelId = request.ModelId };
                }
                if (reply.StopSequenceFound)
                {
                    finishReason = ChatFinishReason.Stop;
                    break;
                }
            }

            var rest = reply.Finish();
            var contents = new List<AIContent>();
            AdditionalPropertiesDictionary? properties = null;
            var toolCalls = request.ToolsOffered ? ToolCallFormat.Parse(reply.Text) : ToolCallParseResult.NotToolCalls;
            if (toolCalls.IsToolCalls)
            {
                // Nothing was released while the reply could be tool calls, so no text of them has been streamed.
                contents.AddRange(toolCalls.Calls.Select((call, i) => call.ToFunctionCall($"call_{request.EarlierCalls + i + 1}")));
                finishReason = ChatFinishReason.ToolCalls;
            }
            else
            {
                if (rest.Length > 0)
                {
                    contents.Add(new TextContent(rest));
                }
                if (toolCalls.Error is { } error)
                {
                    properties = new AdditionalPropertiesDictionary { [ToolCallErrorKey] = error };
                }
            }
            contents.Add(new UsageContent(new UsageDetails
            {
                InputTokenCount = request.Prompt.Count,
                OutputTokenCount = outputTokens,
                TotalTokenCount = request.Prompt.Count + outputTokens,
            }));
            yield return new ChatResponseUpdate(ChatRole.Assistant, contents)
            {
                FinishReason = finishReason,
                ModelId = request.ModelId,
                AdditionalProperties = properties,
            };
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private static int ContextLengthOf(GptModel model, ByteLevelBpeTokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokenizer);
        if (tokenizer.VocabSize > model.Config.VocabSize)
        {
            throw new ArgumentException(
                $"the tokenizer has {tokenizer.VocabSize} ids but the model's vocabulary only {model.Config.VocabSize}", nameof(tokenizer));
        }
        return model.Config.ContextLength;
    }
}
