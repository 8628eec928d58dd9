using Microsoft.Extensions.AI;

namespace LlmWorkbook.Tokenization;

/// <summary>
/// Where one message sits in a chat encoded by <see cref="ChatTemplate.EncodeWithSpans"/>, as indices into its ids:
/// the header <c>&lt;|im_start|&gt;role\n</c> is [Start, ContentStart), the content [ContentStart, ContentEnd), the
/// <c>&lt;|im_end|&gt;</c> that closes the message is at ContentEnd, and the newline after it is (ContentEnd, End).
/// </summary>
/// <param name="Role">The message's role.</param>
/// <param name="Start">Index of the message's &lt;|im_start|&gt;.</param>
/// <param name="ContentStart">Index of the first content token (equal to ContentEnd for empty content).</param>
/// <param name="ContentEnd">One past the content: the index of the message's &lt;|im_end|&gt;.</param>
/// <param name="End">One past the message's last token (the newline after &lt;|im_end|&gt;).</param>
public readonly record struct ChatMessageSpan(ChatRole Role, int Start, int ContentStart, int ContentEnd, int End)
{
    /// <summary>Index of the &lt;|im_end|&gt; that closes the message.</summary>
    public int ImEnd => ContentEnd;
}
