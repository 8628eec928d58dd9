namespace LlmWorkbook.Prompting;

internal abstract partial record JsonGrammarFrame
{
    public enum ObjectPhase
    {
        /// <summary>Before the opening brace.</summary>
        Open,

        /// <summary>Inside the key of property Index (with its comma and colon), Position bytes read.</summary>
        Key,

        /// <summary>Before the value of property Index.</summary>
        Value,

        /// <summary>While the value of property Index is read (by the frame above).</summary>
        InValue,

        /// <summary>Before the closing brace.</summary>
        Close,
    }

    /// <summary>An object with the schema's properties: every one, in the schema's order.</summary>
    public sealed record ObjectFrame(JsonGrammarNode.ObjectNode Node, int Index, ObjectPhase Phase, int Position = 0) : JsonGrammarFrame
    {
        public override Step Read(byte b) => Phase switch
        {
            ObjectPhase.Open when b == '{' => Step.Next(Node.Keys.Length == 0 ? this with { Phase = ObjectPhase.Close } : this with { Phase = ObjectPhase.Key }),
            ObjectPhase.Key when b == Node.Keys[Index][Position] => Step.Next(Position + 1 == Node.Keys[Index].Length
                ? this with { Phase = ObjectPhase.Value, Position = 0 }
                : this with { Position = Position + 1 }),
            ObjectPhase.Value => OpenValue(Node.Values[Index], b, this with { Phase = ObjectPhase.InValue }),
            ObjectPhase.Close when b == '}' => Step.Done,
            _ => Step.Reject,
        };

        public override JsonGrammarFrame ChildDone() => Index + 1 < Node.Keys.Length
            ? this with { Index = Index + 1, Phase = ObjectPhase.Key }
            : this with { Phase = ObjectPhase.Close };
    }

    public enum MapPhase
    {
        /// <summary>Before the opening brace.</summary>
        Open,

        /// <summary>After the opening brace: a key or the closing brace.</summary>
        First,

        /// <summary>While a key is read.</summary>
        InKey,

        /// <summary>Before the colon.</summary>
        Colon,

        /// <summary>Before a value.</summary>
        Value,

        /// <summary>While a value is read.</summary>
        InValue,

        /// <summary>After a value: a comma or the closing brace.</summary>
        AfterValue,

        /// <summary>After a comma: a key.</summary>
        Key,
    }

    /// <summary>An object whose keys the schema leaves open, with Count entries so far.</summary>
    public sealed record MapFrame(JsonGrammarNode.MapNode Node, int Count, MapPhase Phase) : JsonGrammarFrame
    {
        public override Step Read(byte b) => Phase switch
        {
            MapPhase.Open when b == '{' => Step.Next(this with { Phase = MapPhase.First }),
            MapPhase.First when b == '}' => Step.Done,
            MapPhase.First or MapPhase.Key when Count < Node.MaxEntries => OpenValue(Node.Key, b, this with { Phase = MapPhase.InKey }),
            MapPhase.Colon when b == ':' => Step.Next(this with { Phase = MapPhase.Value }),
            MapPhase.Value => OpenValue(Node.Value, b, this with { Phase = MapPhase.InValue }),
            MapPhase.AfterValue when b == ',' && Count < Node.MaxEntries => Step.Next(this with { Phase = MapPhase.Key }),
            MapPhase.AfterValue when b == '}' => Step.Done,
            _ => Step.Reject,
        };

        public override JsonGrammarFrame ChildDone() => Phase == MapPhase.InKey
            ? this with { Phase = MapPhase.Colon }
            : this with { Phase = MapPhase.AfterValue, Count = Count + 1 };
    }

    public enum ArrayPhase
    {
        /// <summary>Before the opening bracket.</summary>
        Open,

        /// <summary>After the opening bracket: an item or the closing bracket.</summary>
        First,

        /// <summary>While an item is read.</summary>
        InItem,

        /// <summary>After an item: a comma or the closing bracket.</summary>
        AfterItem,

        /// <summary>After a comma: an item.</summary>
        Item,
    }

    /// <summary>An array with Count items so far.</summary>
    public sealed record ArrayFrame(JsonGrammarNode.ArrayNode Node, int Count, ArrayPhase Phase) : JsonGrammarFrame
    {
        public override Step Read(byte b) => Phase switch
        {
            ArrayPhase.Open when b == '[' => Step.Next(this with { Phase = ArrayPhase.First }),
            ArrayPhase.First when b == ']' && Node.MinItems == 0 => Step.Done,
            ArrayPhase.First or ArrayPhase.Item when Count < Node.MaxItems => OpenValue(Node.Items, b, this with { Phase = ArrayPhase.InItem }),
            ArrayPhase.AfterItem when b == ',' && Count < Node.MaxItems => Step.Next(this with { Phase = ArrayPhase.Item }),
            ArrayPhase.AfterItem when b == ']' && Count >= Node.MinItems => Step.Done,
            _ => Step.Reject,
        };

        public override JsonGrammarFrame ChildDone() => this with { Phase = ArrayPhase.AfterItem, Count = Count + 1 };
    }
}
