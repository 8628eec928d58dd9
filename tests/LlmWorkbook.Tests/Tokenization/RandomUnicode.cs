using System.Text;

namespace LlmWorkbook.Tests.Tokenization;

/// <summary>Random strings over scripts, symbols, whitespace and astral characters; optionally lone surrogates.</summary>
internal static class RandomUnicode
{
    private static readonly (int From, int To)[] Ranges =
    [
        (0x20, 0x7E), (0x20, 0x7E), (0x09, 0x0D), (0xA0, 0x24F), (0x300, 0x36F), (0x370, 0x3FF), (0x400, 0x4FF),
        (0x590, 0x6FF), (0x900, 0x97F), (0x3040, 0x30FF), (0x4E00, 0x4FFF), (0xAC00, 0xAD00), (0xFF00, 0xFFEF),
        (0x1F300, 0x1F64F), (0x1D400, 0x1D4FF), (0x10000, 0x1007F),
    ];

    public static string Text(Random random, int length, bool allowLoneSurrogates)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < length; i++)
        {
            if (allowLoneSurrogates && random.Next(8) == 0)
            {
                builder.Append((char)random.Next(0xD800, 0xE000));
                continue;
            }
            var (from, to) = Ranges[random.Next(Ranges.Length)];
            builder.Append(char.ConvertFromUtf32(random.Next(from, to + 1)));
        }
        return builder.ToString();
    }

    public static string ReplaceLoneSurrogates(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(text, i++, 2);
            }
            else
            {
                builder.Append(char.IsSurrogate(text[i]) ? '\uFFFD' : text[i]);
            }
        }
        return builder.ToString();
    }
}
