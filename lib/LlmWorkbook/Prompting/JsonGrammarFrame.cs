namespace LlmWorkbook.Prompting;

/// <summary>
/// Where the recognizer is inside one value: a string, a number, an object's third property. A
/// <see cref="JsonGrammarState"/> is a stack of frames, innermost on top; frames are immutable, so a state can be
/// advanced along many paths (every token of a vocabulary) without being copied.
/// </summary>
internal abstract partial record JsonGrammarFrame
{
    /// <summary>Reads one byte.</summary>
    public abstract Step Read(byte b);

    /// <summary>Whether the value may end here, before a byte that does not continue it (a number's last digit).</summary>
    public virtual bool CanEnd => false;

    /// <summary>This frame once the child value it opened (<see cref="Step.Open"/>) is complete.</summary>
    public virtual JsonGrammarFrame ChildDone() => throw new InvalidOperationException($"{GetType().Name} opens no values");

    /// <summary>The frame that reads a value of <paramref name="node"/>, from its first byte.</summary>
    public static JsonGrammarFrame Start(JsonGrammarNode node) => node switch
    {
        JsonGrammarNode.TextNode text => new StringFrame(text, 0, StringPhase.Open),
        JsonGrammarNode.NumberNode number => new NumberFrame(number, NumberPhase.Start, 0),
        JsonGrammarNode.LiteralsNode literals => new LiteralFrame(literals.Values, 0),
        JsonGrammarNode.ObjectNode obj => new ObjectFrame(obj, 0, ObjectPhase.Open),
        JsonGrammarNode.MapNode map => new MapFrame(map, 0, MapPhase.Open),
        JsonGrammarNode.ArrayNode array => new ArrayFrame(array, 0, ArrayPhase.Open),
        _ => throw new ArgumentException($"{node.GetType().Name} is resolved before a value starts", nameof(node)),
    };

    /// <summary>The child value that begins with <paramref name="first"/>, opened under <paramref name="parent"/>; or a rejection.</summary>
    protected static Step OpenValue(JsonGrammarNode node, byte first, JsonGrammarFrame parent) =>
        node.Resolve(first) is { } resolved ? Step.Open(parent, Start(resolved)) : Step.Reject;

    public enum StepKind
    {
        /// <summary>The byte cannot come here.</summary>
        Reject,

        /// <summary>The byte was read; the frame becomes <see cref="Step.Frame"/>.</summary>
        Next,

        /// <summary>The byte begins a child value: the frame becomes <see cref="Step.Frame"/> and <see cref="Step.Child"/> reads the byte.</summary>
        Open,

        /// <summary>The byte was read and ends this value.</summary>
        Done,

        /// <summary>This value ended before the byte, which the enclosing frame reads.</summary>
        DoneBefore,
    }

    /// <summary>What reading a byte did.</summary>
    public readonly record struct Step(StepKind Kind, JsonGrammarFrame? Frame = null, JsonGrammarFrame? Child = null)
    {
        public static Step Reject => default;

        public static Step Done => new(StepKind.Done);

        public static Step DoneBefore => new(StepKind.DoneBefore);

        public static Step Next(JsonGrammarFrame frame) => new(StepKind.Next, frame);

        public static Step Open(JsonGrammarFrame frame, JsonGrammarFrame child) => new(StepKind.Open, frame, child);
    }

    /// <summary>The bottom of every stack: one value, then nothing.</summary>
    public sealed record DocumentFrame(JsonGrammarNode Root, bool Started, bool Finished) : JsonGrammarFrame
    {
        public override Step Read(byte b) => Started ? Step.Reject : OpenValue(Root, b, this with { Started = true });

        public override JsonGrammarFrame ChildDone() => this with { Finished = true };
    }
}
