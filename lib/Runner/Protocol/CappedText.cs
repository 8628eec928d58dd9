using System.Globalization;
using System.Text;

namespace LlmWorkbook.Runner.Protocol;

/// <summary>
/// Text held within a limit, as Jupyter limits outputs: past the limit it keeps the beginning and the end and says
/// how much of the middle was dropped. Appending costs the length of what is appended, and memory stays bounded by
/// the limit however much is appended. Both sides use it: the kernel before it sends a value, the runner for the
/// console text a cell writes line by line.
/// </summary>
public sealed class CappedText
{
    /// <summary>Characters one output keeps (about 1 MB of text).</summary>
    public const int DefaultLimit = 1_000_000;

    private readonly int _headLimit;
    private readonly int _tailLimit;
    private readonly StringBuilder _head = new();
    private char[]? _tail;
    private int _tailStart;
    private int _tailCount;
    private long _dropped;

    /// <summary>Creates empty text that keeps at most <paramref name="limit"/> characters.</summary>
    public CappedText(int limit = DefaultLimit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 2);
        _headLimit = limit / 2;
        _tailLimit = limit - _headLimit;
    }

    /// <summary>Characters kept (the note not counted).</summary>
    public int Length => _head.Length + _tailCount;

    /// <summary>Characters appended but not kept.</summary>
    public long Dropped => _dropped;

    /// <summary>Appends text; past the limit, the oldest characters after the kept beginning are dropped.</summary>
    public void Append(ReadOnlySpan<char> text)
    {
        var toHead = Math.Min(text.Length, _headLimit - _head.Length);
        if (toHead > 0)
        {
            _head.Append(text[..toHead]);
            text = text[toHead..];
        }
        if (text.IsEmpty)
        {
            return;
        }
        _tail ??= new char[_tailLimit];
        if (text.Length >= _tailLimit)
        {
            _dropped += _tailCount + text.Length - _tailLimit;
            text[^_tailLimit..].CopyTo(_tail);
            _tailStart = 0;
            _tailCount = _tailLimit;
            return;
        }
        var evicted = Math.Max(0, _tailCount + text.Length - _tailLimit);
        _dropped += evicted;
        _tailStart = (_tailStart + evicted) % _tailLimit;
        _tailCount -= evicted;
        var at = (_tailStart + _tailCount) % _tailLimit;
        var first = Math.Min(text.Length, _tailLimit - at);
        text[..first].CopyTo(_tail.AsSpan(at));
        text[first..].CopyTo(_tail);
        _tailCount += text.Length;
    }

    /// <summary>The kept text, with a note where the middle was dropped.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(_head.Length + _tailCount + 200).Append(_head);
        if (_dropped > 0)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"\n[… {_dropped:N0} characters dropped here: an output keeps at most {_headLimit + _tailLimit:N0} characters, its beginning and its end …]\n");
        }
        if (_tail is not null)
        {
            var first = Math.Min(_tailCount, _tailLimit - _tailStart);
            text.Append(_tail, _tailStart, first).Append(_tail, 0, _tailCount - first);
        }
        return text.ToString();
    }

    /// <summary><paramref name="text"/> itself when it fits in <paramref name="limit"/>; otherwise its beginning and end with a note.</summary>
    public static string Truncate(string text, int limit = DefaultLimit)
    {
        if (text.Length <= limit)
        {
            return text;
        }
        var capped = new CappedText(limit);
        capped.Append(text);
        return capped.ToString();
    }
}
