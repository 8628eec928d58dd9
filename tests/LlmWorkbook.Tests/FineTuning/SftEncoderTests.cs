using LlmWorkbook.FineTuning;
using LlmWorkbook.Gpt;
using LlmWorkbook.Tokenization;
using Microsoft.Extensions.AI;

namespace LlmWorkbook.Tests.FineTuning;

public sealed class SftEncoderTests
{
    private static readonly Lazy<ByteLevelBpeTokenizer> CourseTokenizer = new(() =>
        CourseGpt.LoadTokenizer(WorkbookPaths.CommittedData(CourseGpt.TokenizerPath)));

    private static readonly ChatMessage[] Chat =
    [
        new(ChatRole.System, "You answer questions about the addresses."),
        new(ChatRole.User, "Who spoke in 1790?"),
        new(ChatRole.Assistant, "George Washington."),
        new(ChatRole.User, "And what did he ask of Congress?"),
        new(ChatRole.Assistant, "To provide for the common defence."),
    ];

    [Fact]
    public void The_mask_covers_exactly_each_assistant_reply_and_its_end_marker()
    {
        var tokenizer = CourseTokenizer.Value;
        var imStart = tokenizer.SpecialTokenId(ChatTemplate.ImStart);
        var imEnd = tokenizer.SpecialTokenId(ChatTemplate.ImEnd);
        // The expected encoding written out message by message: header and newline untrained, the content and
        // <|im_end|> trained for the assistant only.
        var tokens = new List<int>();
        var trained = new List<bool>();
        void Add(IEnumerable<int> ids, bool isTrained)
        {
            foreach (var id in ids)
            {
                tokens.Add(id);
                trained.Add(isTrained);
            }
        }
        foreach (var message in Chat)
        {
            var isAssistant = message.Role == ChatRole.Assistant;
            Add([imStart, .. tokenizer.Encode(message.Role.Value), .. tokenizer.Encode("\n")], false);
            Add(tokenizer.Encode(message.Text), isAssistant);
            Add([imEnd], isAssistant);
            Add(tokenizer.Encode("\n"), false);
        }

        var example = new SftEncoder(tokenizer).Encode(Chat);

        Assert.Equal(tokens, example.Tokens);
        Assert.Equal(trained, example.Trained);
        Assert.Equal("George Washington.<|im_end|>To provide for the common defence.<|im_end|>",
            tokenizer.Decode(example.Tokens.Where((_, i) => example.Trained[i])));
        Assert.Equal(tokenizer.Encode("George Washington.").Count + tokenizer.Encode("To provide for the common defence.").Count + 2, example.TrainedCount);
    }

    [Fact]
    public void Segments_show_the_conversation_split_into_trained_and_untrained_text()
    {
        var segments = new SftEncoder(CourseTokenizer.Value).Segments(Chat);

        Assert.Equal(ChatTemplate.Render(Chat, addReplyPrompt: false), string.Concat(segments.Select(s => s.Text)));
        Assert.Equal(["George Washington.<|im_end|>", "To provide for the common defence.<|im_end|>"], segments.Where(s => s.Trained).Select(s => s.Text));
        Assert.Equal([false, true, false, true, false], segments.Select(s => s.Trained));
        Assert.Equal(new SftEncoder(CourseTokenizer.Value).Encode(Chat).Length, segments.Sum(s => s.TokenCount));
    }

    [Fact]
    public void Tool_results_and_chats_without_a_reply_are_not_trained()
    {
        var encoder = new SftEncoder(CourseTokenizer.Value);
        ChatMessage[] chat = [new(ChatRole.User, "What time is it?"), new(ChatRole.Tool, "12:00")];

        var example = encoder.Encode(chat);

        Assert.Equal(0, example.TrainedCount);
        Assert.Equal(encoder.Template.Encode(chat, addReplyPrompt: false), example.Tokens);
    }
}
