using System.Text;

namespace LlmWorkbook.Prompting;

/// <summary>
/// Where a <see cref="JsonSchemaGrammar"/>'s recognizer is after some bytes of a document: immutable, so advancing it
/// returns a new state and the old one stays usable (a token mask tries every token from the same state).
/// </summary>
/// <remarks>
/// A state is a stack of frames, one per value being read, innermost on top. Two states are equal when they are at the
/// same place of the same grammar, so equal states accept the same continuations.
/// </remarks>
public sealed class JsonGrammarState : IEquatable<JsonGrammarState>
{
    /// <summary>The character count of a string whose bounds are out of reach (see <see cref="ForgetLength"/>).</summary>
    private const int FarFromBounds = -1;

    private readonly JsonGrammarFrame _top;
    private readonly JsonGrammarState? _parent;

    private JsonGrammarState(JsonGrammarFrame top, JsonGrammarState? parent)
    {
        _top = top;
        _parent = parent;
    }

    internal static JsonGrammarState Start(JsonGrammarNode root) => new(new JsonGrammarFrame.DocumentFrame(root, Started: false, Finished: false), null);

    /// <summary>
    /// Whether the bytes so far are a whole document. Most documents (objects, arrays, strings) then allow nothing more;
    /// a bare number may still take more digits.
    /// </summary>
    public bool IsComplete => _top is JsonGrammarFrame.DocumentFrame { Finished: true }
        || (_top.CanEnd && _parent?._top is JsonGrammarFrame.DocumentFrame);

    /// <summary>The state after one more byte, or null when no valid document continues that way.</summary>
    public JsonGrammarState? Advance(byte b)
    {
        var top = _top;
        var parent = _parent;
        while (true)
        {
            var step = top.Read(b);
            switch (step.Kind)
            {
                case JsonGrammarFrame.StepKind.Next:
                    return new JsonGrammarState(step.Frame!, parent);
                case JsonGrammarFrame.StepKind.Open:
                    // The child value begins with this byte: it reads it, on top of its parent.
                    parent = new JsonGrammarState(step.Frame!, parent);
                    top = step.Child!;
                    continue;
                case JsonGrammarFrame.StepKind.Done:
                    return new JsonGrammarState(parent!._top.ChildDone(), parent._parent);
                case JsonGrammarFrame.StepKind.DoneBefore:
                    top = parent!._top.ChildDone();
                    parent = parent._parent;
                    continue;
                default:
                    return null;
            }
        }
    }

    /// <summary>The state after the bytes, or null when no valid document continues that way.</summary>
    public JsonGrammarState? Advance(ReadOnlySpan<byte> bytes)
    {
        var state = this;
        foreach (var b in bytes)
        {
            state = state.Advance(b);
            if (state is null)
            {
                return null;
            }
        }
        return state;
    }

    /// <summary>
    /// This state with the character count of the string being read forgotten when both its bounds are more than
    /// <paramref name="bytes"/> characters away: then the next <paramref name="bytes"/> bytes are accepted or refused
    /// alike at any count, so a token mask computed for one such state holds for all of them.
    /// </summary>
    internal JsonGrammarState ForgetLength(int bytes) =>
        _top is JsonGrammarFrame.StringFrame { Length: not FarFromBounds } text
            && text.Length >= text.Node.MinLength && text.Node.MaxLength - text.Length >= bytes
            ? new JsonGrammarState(text with { Length = FarFromBounds }, _parent)
            : this;

    /// <inheritdoc/>
    public bool Equals(JsonGrammarState? other)
    {
        var (a, b) = (this, other);
        for (; a is not null && b is not null; (a, b) = (a._parent, b._parent))
        {
            if (ReferenceEquals(a, b))
            {
                return true;
            }
            if (!a._top.Equals(b._top))
            {
                return false;
            }
        }
        return a is null && b is null;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as JsonGrammarState);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        for (var state = this; state is not null; state = state._parent)
        {
            hash.Add(state._top);
        }
        return hash.ToHashCode();
    }

    /// <summary>
    /// The fewest bytes (printable ASCII) that make a whole document from here — empty when this state is complete,
    /// null when none is found within <paramref name="maxStates"/> states. A breadth-first search: inside a string the
    /// closing quote comes first, and every property the schema still requires is written with the shortest value.
    /// </summary>
    public byte[]? ShortestCompletion(int maxStates = 20_000)
    {
        var previous = new Dictionary<JsonGrammarState, (JsonGrammarState? From, byte Byte)> { [this] = (null, 0) };
        var frontier = new Queue<JsonGrammarState>([this]);
        while (frontier.TryDequeue(out var state))
        {
            if (state.IsComplete)
            {
                var path = new List<byte>();
                for (var at = state; previous[at].From is { } from; at = from)
                {
                    path.Add(previous[at].Byte);
                }
                path.Reverse();
                return [.. path];
            }
            for (var b = (byte)' '; b <= (byte)'~'; b++)
            {
                if (state.Advance(b) is { } next && previous.TryAdd(next, (state, b)))
                {
                    if (previous.Count > maxStates)
                    {
                        return null;
                    }
                    frontier.Enqueue(next);
                }
            }
        }
        return null;
    }

    /// <summary>The state after the text's UTF-8 bytes, or null when no valid document continues that way.</summary>
    public JsonGrammarState? Advance(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Advance(Encoding.UTF8.GetBytes(text));
    }
}
