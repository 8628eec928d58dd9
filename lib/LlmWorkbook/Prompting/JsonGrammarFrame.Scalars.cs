namespace LlmWorkbook.Prompting;

internal abstract partial record JsonGrammarFrame
{
    public enum StringPhase
    {
        /// <summary>Before the opening quote.</summary>
        Open,

        /// <summary>Between characters.</summary>
        Characters,

        /// <summary>After a backslash.</summary>
        Escape,

        /// <summary>Inside <c>\uXXXX</c>; Pending hex digits read.</summary>
        Unicode,

        /// <summary>After the escape of a high surrogate: the low one's <c>\uDC00</c>-<c>\uDFFF</c>, Pending bytes of it read.</summary>
        LowSurrogate,

        /// <summary>Inside a multi-byte UTF-8 character; Pending continuation bytes to go, the next one in [Low, High].</summary>
        Utf8,
    }

    /// <summary>
    /// A string: valid UTF-8 (no overlong forms, no surrogates), no raw control characters, JSON escapes, with
    /// Length characters so far. A <c>\u</c> escape of a surrogate must be half of a pair, high then low, as .NET writes
    /// characters beyond U+FFFF; half a character would not deserialize.
    /// </summary>
    public sealed record StringFrame(JsonGrammarNode.TextNode Node, int Length, StringPhase Phase, int Pending = 0, byte Low = 0, byte High = 0)
        : JsonGrammarFrame
    {
        public override Step Read(byte b) => Phase switch
        {
            StringPhase.Open => b == '"' ? Step.Next(this with { Phase = StringPhase.Characters }) : Step.Reject,
            StringPhase.Characters => Character(b),
            StringPhase.Escape => b == 'u' ? Step.Next(this with { Phase = StringPhase.Unicode, Pending = 0 })
                : "\"\\/bfnrt".Contains((char)b) ? Step.Next(this with { Phase = StringPhase.Characters }) : Step.Reject,
            StringPhase.Unicode => HexDigit(b),
            StringPhase.LowSurrogate => LowSurrogate(b),
            StringPhase.Utf8 => b >= Low && b <= High
                ? Step.Next(Pending == 1
                    ? this with { Phase = StringPhase.Characters, Pending = 0, Low = 0, High = 0 }
                    : this with { Pending = Pending - 1, Low = 0x80, High = 0xBF })
                : Step.Reject,
            _ => Step.Reject,
        };

        private Step Character(byte b)
        {
            if (b == '"')
            {
                return Length >= Node.MinLength ? Step.Done : Step.Reject;
            }
            if (Length >= Node.MaxLength || b < 0x20)
            {
                return Step.Reject;
            }
            var next = this with { Length = Length + 1 };
            // Lead bytes and the range of the first continuation byte, from the Unicode standard's table 3-7.
            return b switch
            {
                (byte)'\\' => Step.Next(next with { Phase = StringPhase.Escape }),
                < 0x80 => Step.Next(next),
                >= 0xC2 and <= 0xDF => Step.Next(next with { Phase = StringPhase.Utf8, Pending = 1, Low = 0x80, High = 0xBF }),
                0xE0 => Step.Next(next with { Phase = StringPhase.Utf8, Pending = 2, Low = 0xA0, High = 0xBF }),
                0xED => Step.Next(next with { Phase = StringPhase.Utf8, Pending = 2, Low = 0x80, High = 0x9F }),
                >= 0xE1 and <= 0xEF => Step.Next(next with { Phase = StringPhase.Utf8, Pending = 2, Low = 0x80, High = 0xBF }),
                0xF0 => Step.Next(next with { Phase = StringPhase.Utf8, Pending = 3, Low = 0x90, High = 0xBF }),
                >= 0xF1 and <= 0xF3 => Step.Next(next with { Phase = StringPhase.Utf8, Pending = 3, Low = 0x80, High = 0xBF }),
                0xF4 => Step.Next(next with { Phase = StringPhase.Utf8, Pending = 3, Low = 0x80, High = 0x8F }),
                _ => Step.Reject,
            };
        }

        // In the Unicode phase, Low records the escape's kind so far: 1 after a first digit D, 2 for D8-DB (a high
        // surrogate); DC-DF (a low surrogate without a high one) is refused.
        private Step HexDigit(byte b)
        {
            if (!char.IsAsciiHexDigit((char)b))
            {
                return Step.Reject;
            }
            var kind = Low;
            if (Pending == 0 && (b == 'd' || b == 'D'))
            {
                kind = 1;
            }
            else if (Pending == 1 && kind == 1)
            {
                var value = b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
                if (value >= 0xC)
                {
                    return Step.Reject;
                }
                kind = value >= 8 ? (byte)2 : (byte)0;
            }
            if (Pending < 3)
            {
                return Step.Next(this with { Pending = Pending + 1, Low = kind });
            }
            return Step.Next(kind == 2
                ? this with { Phase = StringPhase.LowSurrogate, Pending = 0, Low = 0 }
                : this with { Phase = StringPhase.Characters, Pending = 0, Low = 0 });
        }

        private Step LowSurrogate(byte b)
        {
            var fits = Pending switch
            {
                0 => b == '\\',
                1 => b == 'u',
                2 => b == 'd' || b == 'D',
                3 => "cdefCDEF".Contains((char)b),
                _ => char.IsAsciiHexDigit((char)b),
            };
            return !fits ? Step.Reject
                : Pending == 5 ? Step.Next(this with { Phase = StringPhase.Characters, Pending = 0 })
                : Step.Next(this with { Pending = Pending + 1 });
        }
    }

    public enum NumberPhase
    {
        /// <summary>Before the sign or first digit.</summary>
        Start,

        /// <summary>After a minus sign.</summary>
        Minus,

        /// <summary>After a leading zero, which no digit may follow.</summary>
        Zero,

        /// <summary>In the integer digits.</summary>
        Integer,

        /// <summary>After the decimal point.</summary>
        Point,

        /// <summary>In the fraction digits.</summary>
        Fraction,
    }

    /// <summary>A number with Digits digits so far. It ends at the first byte that cannot continue it.</summary>
    public sealed record NumberFrame(JsonGrammarNode.NumberNode Node, NumberPhase Phase, int Digits) : JsonGrammarFrame
    {
        public override bool CanEnd => Phase is NumberPhase.Zero or NumberPhase.Integer or NumberPhase.Fraction;

        public override Step Read(byte b)
        {
            var digit = b >= '0' && b <= '9';
            var room = Digits < Node.MaxDigits;
            // A decimal point needs room for at least one digit after it, so that the number can still end.
            var point = b == '.' && !Node.Integer && room;
            return Phase switch
            {
                NumberPhase.Start when b == '-' => Step.Next(this with { Phase = NumberPhase.Minus }),
                NumberPhase.Start or NumberPhase.Minus => digit
                    ? Step.Next(this with { Phase = b == '0' ? NumberPhase.Zero : NumberPhase.Integer, Digits = 1 })
                    : Step.Reject,
                NumberPhase.Zero => point ? Step.Next(this with { Phase = NumberPhase.Point }) : Step.DoneBefore,
                NumberPhase.Integer => digit && room ? Step.Next(this with { Digits = Digits + 1 })
                    : point ? Step.Next(this with { Phase = NumberPhase.Point }) : Step.DoneBefore,
                NumberPhase.Point => digit ? Step.Next(this with { Phase = NumberPhase.Fraction, Digits = Digits + 1 }) : Step.Reject,
                NumberPhase.Fraction => digit && room ? Step.Next(this with { Digits = Digits + 1 }) : Step.DoneBefore,
                _ => Step.Reject,
            };
        }
    }

    /// <summary>One of a few fixed texts; Candidates are those that begin with the Position bytes read so far.</summary>
    public sealed record LiteralFrame(byte[][] Candidates, int Position) : JsonGrammarFrame
    {
        public override bool CanEnd => Candidates.Any(c => c.Length == Position);

        public override Step Read(byte b)
        {
            var matching = 0;
            var longer = false;
            foreach (var candidate in Candidates)
            {
                if (candidate.Length > Position && candidate[Position] == b)
                {
                    matching++;
                    longer |= candidate.Length > Position + 1;
                }
            }
            if (matching == 0)
            {
                return CanEnd ? Step.DoneBefore : Step.Reject;
            }
            if (!longer)
            {
                return Step.Done;
            }
            var kept = matching == Candidates.Length
                ? Candidates
                : Candidates.Where(c => c.Length > Position && c[Position] == b).ToArray();
            return Step.Next(new LiteralFrame(kept, Position + 1));
        }
    }
}
