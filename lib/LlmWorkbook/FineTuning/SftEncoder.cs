using LlmWorkbook.Tokenization;
using Microsoft.Extensions.AI;

namespace LlmWorkbook.FineTuning;

/// <summary>
/// Encodes conversations in the course's chat format (<see cref="ChatTemplate"/>) with a loss mask for supervised
/// fine-tuning: the model is trained to predict the assistant's reply tokens and the &lt;|im_end|&gt; that closes
/// each reply (so it learns to stop), and nothing else: system, user and tool messages, and every message header
/// (&lt;|im_start|&gt;role\n) and trailing newline, are context it reads but is not trained to write.
/// </summary>
public sealed class SftEncoder
{
    private readonly ByteLevelBpeTokenizer tokenizer;

    /// <param name="tokenizer">A tokenizer with the special tokens &lt;|endoftext|&gt;, &lt;|im_start|&gt; and &lt;|im_end|&gt;.</param>
    public SftEncoder(ByteLevelBpeTokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        this.tokenizer = tokenizer;
        Template = new ChatTemplate(tokenizer);
        EndOfTextId = tokenizer.SpecialTokenId(ChatTemplate.EndOfText);
    }

    /// <summary>The chat template the conversations are encoded with.</summary>
    public ChatTemplate Template { get; }

    /// <summary>The id of &lt;|endoftext|&gt;, which separates packed conversations and pads rows.</summary>
    public int EndOfTextId { get; }

    /// <summary>
    /// The conversation's tokens (every message, no reply prompt at the end) and its loss mask: true exactly on the
    /// content tokens of assistant messages and on the &lt;|im_end|&gt; after each.
    /// </summary>
    public SftExample Encode(IReadOnlyList<ChatMessage> conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var (ids, spans) = Template.EncodeWithSpans(conversation, addReplyPrompt: false);
        var trained = new bool[ids.Count];
        foreach (var span in spans.Where(s => s.Role == ChatRole.Assistant))
        {
            Array.Fill(trained, true, span.ContentStart, span.ImEnd + 1 - span.ContentStart);
        }
        return new SftExample(ids, trained);
    }

    /// <summary>Encodes each conversation (see <see cref="Encode"/>).</summary>
    public List<SftExample> EncodeAll(IEnumerable<IReadOnlyList<ChatMessage>> conversations)
    {
        ArgumentNullException.ThrowIfNull(conversations);
        return conversations.Select(Encode).ToList();
    }

    /// <summary>
    /// The conversation as text, cut into runs of trained and untrained tokens: what the loss sees. Concatenated, the
    /// segments' texts are the conversation rendered by <see cref="ChatTemplate.Render"/> without a reply prompt.
    /// </summary>
    public List<MaskedSegment> Segments(IReadOnlyList<ChatMessage> conversation)
    {
        var example = Encode(conversation);
        var segments = new List<MaskedSegment>();
        var start = 0;
        for (var i = 1; i <= example.Length; i++)
        {
            if (i == example.Length || example.Trained[i] != example.Trained[start])
            {
                var run = example.Tokens.Skip(start).Take(i - start);
                segments.Add(new MaskedSegment(tokenizer.Decode(run), example.Trained[start], i - start));
                start = i;
            }
        }
        return segments;
    }
}
