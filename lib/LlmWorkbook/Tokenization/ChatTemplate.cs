using LlmWorkbook.Chat;
using Microsoft.Extensions.AI;

namespace LlmWorkbook.Tokenization;

/// <summary>
/// The course's chat format (ChatML): each message is
/// <c>&lt;|im_start|&gt;role\ncontent&lt;|im_end|&gt;\n</c>, and a prompt that asks for a reply ends with
/// <c>&lt;|im_start|&gt;assistant\n</c>. The markers are special tokens inserted by the template; message content is
/// always encoded as ordinary text, so a user who types "&lt;|im_end|&gt;" cannot close their own message.
/// Tool calls and results render through <see cref="ToolCallFormat"/>: an assistant message's
/// <see cref="FunctionCallContent"/>s become its content (after its text, one call per line), each
/// <see cref="FunctionResultContent"/> becomes a message of role <c>tool</c>, and offered tools are appended to the
/// first message when it is a system message (or make a system message of their own).
/// </summary>
public sealed class ChatTemplate
{
    public const string EndOfText = "<|endoftext|>";
    public const string ImStart = "<|im_start|>";
    public const string ImEnd = "<|im_end|>";

    private readonly ByteLevelBpeTokenizer _tokenizer;
    private readonly int _imStart;
    private readonly int _imEnd;
    private readonly List<int> _newline;

    public ChatTemplate(ByteLevelBpeTokenizer tokenizer)
    {
        _tokenizer = tokenizer;
        _imStart = tokenizer.SpecialTokenId(ImStart);
        _imEnd = tokenizer.SpecialTokenId(ImEnd);
        _newline = tokenizer.Encode("\n");
    }

    /// <summary>The prompt as text (for reading; encode with <see cref="Encode"/>, never by re-parsing this string).</summary>
    /// <param name="messages">The conversation.</param>
    /// <param name="addReplyPrompt">End with "&lt;|im_start|&gt;assistant\n", asking for the next reply.</param>
    /// <param name="tools">Tools to offer (e.g. <see cref="ChatOptions.Tools"/>); tools that are not
    /// <see cref="AIFunctionDeclaration"/>s are left out.</param>
    public static string Render(IEnumerable<ChatMessage> messages, bool addReplyPrompt = true, IEnumerable<AITool>? tools = null)
    {
        var text = string.Concat(Turns(messages, tools).Select(t => $"{ImStart}{t.Role.Value}\n{t.Content}{ImEnd}\n"));
        return addReplyPrompt ? text + $"{ImStart}{ChatRole.Assistant.Value}\n" : text;
    }

    /// <summary>The prompt as token ids: the markers as special tokens, everything else as ordinary text.</summary>
    /// <inheritdoc cref="Render" path="/param"/>
    public List<int> Encode(IEnumerable<ChatMessage> messages, bool addReplyPrompt = true, IEnumerable<AITool>? tools = null) =>
        EncodeWithSpans(messages, addReplyPrompt, tools).Ids;

    /// <summary>
    /// The same ids as <see cref="Encode"/>, with each turn's place in them (one span per message, in order, plus a
    /// system turn first when tools are offered and there is no system message; the reply prompt has none).
    /// Fine-tuning uses the spans to train on the assistant's tokens only.
    /// </summary>
    /// <inheritdoc cref="Render" path="/param"/>
    public (List<int> Ids, List<ChatMessageSpan> Spans) EncodeWithSpans(IEnumerable<ChatMessage> messages, bool addReplyPrompt = true, IEnumerable<AITool>? tools = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var ids = new List<int>();
        var spans = new List<ChatMessageSpan>();
        foreach (var (role, content) in Turns(messages, tools))
        {
            var start = ids.Count;
            AppendHeader(ids, role);
            var contentStart = ids.Count;
            ids.AddRange(_tokenizer.Encode(content));
            var contentEnd = ids.Count;
            ids.Add(_imEnd);
            ids.AddRange(_newline);
            spans.Add(new ChatMessageSpan(role, start, contentStart, contentEnd, ids.Count));
        }
        if (addReplyPrompt)
        {
            AppendHeader(ids, ChatRole.Assistant);
        }
        return (ids, spans);
    }

    /// <summary>The length of <see cref="Encode"/>'s result.</summary>
    /// <inheritdoc cref="Render" path="/param"/>
    public int CountTokens(IEnumerable<ChatMessage> messages, bool addReplyPrompt = true, IEnumerable<AITool>? tools = null) =>
        Encode(messages, addReplyPrompt, tools).Count;

    /// <summary>Tokens a message of this role costs beyond its content: markers, role name and newlines.</summary>
    public int MessageOverhead(ChatRole role) => 1 + _tokenizer.Encode(role.Value).Count + 2 * _newline.Count + 1;

    /// <summary>Tokens the reply prompt ("&lt;|im_start|&gt;assistant\n") adds at the end.</summary>
    public int ReplyPromptTokens => 1 + _tokenizer.Encode(ChatRole.Assistant.Value).Count + _newline.Count;

    /// <summary>The messages as the template writes them: (role, content) in order, tools offered in the first.</summary>
    private static IEnumerable<(ChatRole Role, string Content)> Turns(IEnumerable<ChatMessage> messages, IEnumerable<AITool>? tools)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var functions = tools?.OfType<AIFunctionDeclaration>().ToList() ?? [];
        var turns = messages.SelectMany(Turns).ToList();
        if (functions.Count > 0)
        {
            if (turns.Count > 0 && turns[0].Role == ChatRole.System)
            {
                turns[0] = (ChatRole.System, ToolCallFormat.AppendTools(turns[0].Content, functions));
            }
            else
            {
                turns.Insert(0, (ChatRole.System, ToolCallFormat.FormatTools(functions)));
            }
        }
        return turns;
    }

    /// <summary>
    /// A plain message is one turn. A message with tool calls is one turn of its text and calls; each tool result
    /// in it is a turn of role tool.
    /// </summary>
    private static IEnumerable<(ChatRole Role, string Content)> Turns(ChatMessage message)
    {
        var calls = message.Contents.OfType<FunctionCallContent>().ToList();
        var results = message.Contents.OfType<FunctionResultContent>().ToList();
        if (calls.Count == 0 && results.Count == 0)
        {
            yield return (message.Role, message.Text);
            yield break;
        }
        var text = message.Text;
        if (calls.Count > 0)
        {
            yield return (message.Role, text.Length == 0 ? ToolCallFormat.FormatCalls(calls) : text + "\n" + ToolCallFormat.FormatCalls(calls));
        }
        else if (text.Length > 0)
        {
            yield return (message.Role, text);
        }
        foreach (var result in results)
        {
            yield return (ChatRole.Tool, ToolCallFormat.FormatResult(result));
        }
    }

    private void AppendHeader(List<int> ids, ChatRole role)
    {
        ids.Add(_imStart);
        ids.AddRange(_tokenizer.Encode(role.Value));
        ids.AddRange(_newline);
    }
}
