using Microsoft.Extensions.AI;

namespace LlmWorkbook.Tokenization;

/// <summary>
/// The course's chat format (ChatML): each message is
/// <c>&lt;|im_start|&gt;role\ncontent&lt;|im_end|&gt;\n</c>, and a prompt that asks for a reply ends with
/// <c>&lt;|im_start|&gt;assistant\n</c>. The markers are special tokens inserted by the template; message content is
/// always encoded as ordinary text, so a user who types "&lt;|im_end|&gt;" cannot close their own message.
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
    public static string Render(IEnumerable<ChatMessage> messages, bool addReplyPrompt = true)
    {
        var text = string.Concat(messages.Select(m => $"{ImStart}{m.Role.Value}\n{m.Text}{ImEnd}\n"));
        return addReplyPrompt ? text + $"{ImStart}{ChatRole.Assistant.Value}\n" : text;
    }

    /// <summary>The chat's token ids; with <paramref name="addReplyPrompt"/>, ending with the assistant's reply header.</summary>
    public List<int> Encode(IEnumerable<ChatMessage> messages, bool addReplyPrompt = true) => EncodeWithSpans(messages, addReplyPrompt).Ids;

    /// <summary>
    /// The same ids as <see cref="Encode"/>, with each message's place in them (one span per message, in order; the
    /// reply prompt is not a message and has none). Fine-tuning uses the spans to train on the assistant's tokens only.
    /// </summary>
    public (List<int> Ids, List<ChatMessageSpan> Spans) EncodeWithSpans(IEnumerable<ChatMessage> messages, bool addReplyPrompt = true)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var ids = new List<int>();
        var spans = new List<ChatMessageSpan>();
        foreach (var message in messages)
        {
            var start = ids.Count;
            AppendHeader(ids, message.Role);
            var contentStart = ids.Count;
            ids.AddRange(_tokenizer.Encode(message.Text));
            var contentEnd = ids.Count;
            ids.Add(_imEnd);
            ids.AddRange(_newline);
            spans.Add(new ChatMessageSpan(message.Role, start, contentStart, contentEnd, ids.Count));
        }
        if (addReplyPrompt)
        {
            AppendHeader(ids, ChatRole.Assistant);
        }
        return (ids, spans);
    }

    public int CountTokens(IEnumerable<ChatMessage> messages, bool addReplyPrompt = true) => Encode(messages, addReplyPrompt).Count;

    /// <summary>Tokens a message of this role costs beyond its content: markers, role name and newlines.</summary>
    public int MessageOverhead(ChatRole role) => 1 + _tokenizer.Encode(role.Value).Count + 2 * _newline.Count + 1;

    /// <summary>Tokens the reply prompt ("&lt;|im_start|&gt;assistant\n") adds at the end.</summary>
    public int ReplyPromptTokens => 1 + _tokenizer.Encode(ChatRole.Assistant.Value).Count + _newline.Count;

    private void AppendHeader(List<int> ids, ChatRole role)
    {
        ids.Add(_imStart);
        ids.AddRange(_tokenizer.Encode(role.Value));
        ids.AddRange(_newline);
    }
}
