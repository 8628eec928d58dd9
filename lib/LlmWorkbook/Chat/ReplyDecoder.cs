using System.Text;
using LlmWorkbook.Tokenization;

namespace LlmWorkbook.Chat;

/// <summary>
/// Turns a reply's tokens into text as they arrive, releasing only text that is final: whole characters (a token may
/// end inside a multi-byte UTF-8 character), nothing that might be the start of a stop sequence, and, while tools are
/// offered, nothing while the reply could still be a tool call.
/// </summary>
internal sealed class ReplyDecoder(ByteLevelBpeTokenizer tokenizer, IReadOnlyList<string> stopSequences, bool holdPossibleToolCalls)
{
    // Replaces invalid bytes with U+FFFD, as the tokenizer's Decode does, and keeps an incomplete character for later.
    private readonly Decoder _utf8 = Encoding.UTF8.GetDecoder();
    private readonly StringBuilder _text = new();
    private int _released;
    private int? _stopAt;

    /// <summary>Whether the text contains a stop sequence; the reply ends where the first one begins.</summary>
    public bool StopSequenceFound => _stopAt is not null;

    /// <summary>The reply so far, cut before the first stop sequence.</summary>
    public string Text => _text.ToString(0, _stopAt ?? _text.Length);

    /// <summary>Adds one token; returns the text that has become final (often empty).</summary>
    public string Add(int token)
    {
        Decode(tokenizer.TokenBytes(token), flush: false);
        return Release(final: false);
    }

    /// <summary>Ends the reply; returns the text not yet released (an incomplete last character becomes U+FFFD).</summary>
    public string Finish()
    {
        Decode([], flush: true);
        return Release(final: true);
    }

    private void Decode(ReadOnlySpan<byte> bytes, bool flush)
    {
        var chars = new char[_utf8.GetCharCount(bytes, flush)];
        _utf8.GetChars(bytes, chars, flush);
        _text.Append(chars);
        if (_stopAt is null)
        {
            FindStopSequence();
        }
    }

    private void FindStopSequence()
    {
        var text = _text.ToString();
        foreach (var stop in stopSequences)
        {
            // Released text never holds the start of a stop sequence (see Release), so the search starts there.
            var at = text.IndexOf(stop, _released, StringComparison.Ordinal);
            if (at >= 0 && (_stopAt is null || at < _stopAt))
            {
                _stopAt = at;
            }
        }
    }

    private string Release(bool final)
    {
        var text = Text;
        if (!final && holdPossibleToolCalls && ToolCallFormat.CouldBeToolCalls(text))
        {
            return "";
        }
        var end = final || StopSequenceFound ? text.Length : text.Length - StopSequencePrefixAtEnd(text);
        if (end <= _released)
        {
            return "";
        }
        var piece = text[_released..end];
        _released = end;
        return piece;
    }

    /// <summary>The length of the longest end of the unreleased text that a stop sequence begins with.</summary>
    private int StopSequencePrefixAtEnd(string text)
    {
        var longest = 0;
        foreach (var stop in stopSequences)
        {
            for (var length = Math.Min(stop.Length - 1, text.Length - _released); length > longest; length--)
            {
                if (text.AsSpan(text.Length - length).SequenceEqual(stop.AsSpan(0, length)))
                {
                    longest = length;
                    break;
                }
            }
        }
        return longest;
    }
}
