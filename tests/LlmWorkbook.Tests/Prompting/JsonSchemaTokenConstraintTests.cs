using System.Text.Json;
using LlmWorkbook.Evaluation;
using LlmWorkbook.Gpt;
using LlmWorkbook.Prompting;
using LlmWorkbook.Tokenization;
using static LlmWorkbook.Tests.Prompting.JsonSchemaGrammarTests;

namespace LlmWorkbook.Tests.Prompting;

public sealed class JsonSchemaTokenConstraintTests
{
    /// <summary>
    /// A small tokenizer trained on compact JSON and non-ASCII text, so that its tokens cross JSON structure
    /// (<c>":"</c>, <c>"},"</c>) and end inside UTF-8 characters.
    /// </summary>
    internal static readonly Lazy<ByteLevelBpeTokenizer> Tokenizer = new(() =>
    {
        var random = new Random(7);
        string[] words = ["Ada", "Main", "Lövelace", "中文", "the", "street", "Émile", "a b", "x\"y", "1\n2"];
        string Word() => words[random.Next(words.Length)];
        var documents = Enumerable.Range(0, 80).Select(_ => JsonSerializer.Serialize(
            new Person(Word(), random.Next(-99, 999), Math.Round(random.NextDouble() * 100, 2), random.Next(2) == 0, (Tint)random.Next(3),
                random.Next(2) == 0 ? null : Word(), [.. Enumerable.Range(0, random.Next(3)).Select(_ => Word())], new Address(Word(), random.Next(100))),
            Compact));
        return new BpeTrainer(new BpeTrainerConfig(420)).Train(string.Join("\n", documents) + "\nLövelace 中文 😀 café naïve Ελληνικά\n");
    });

    internal static int ImEnd => Tokenizer.Value.SpecialTokenId(ChatTemplate.ImEnd);

    /// <summary>The allowed tokens by brute force: the prefix read from the start, then each token's bytes after it.</summary>
    internal static bool[] BruteForceMask(JsonSchemaGrammar grammar, ByteLevelBpeTokenizer tokenizer, IReadOnlyList<int> prefix, int endToken)
    {
        var state = grammar.Start.Advance(tokenizer.DecodeBytes(prefix))!;
        return Enumerable.Range(0, tokenizer.VocabSize)
            .Select(id => tokenizer.IsSpecial(id) ? id == endToken && state.IsComplete : state.Advance(tokenizer.TokenBytes(id)) is not null)
            .ToArray();
    }

    [Fact]
    public void Along_random_walks_the_mask_allows_exactly_the_tokens_that_keep_a_valid_prefix()
    {
        var tokenizer = Tokenizer.Value;
        // Strings of up to 40 characters: longer than a token, so remembered masks are reused, and reached, so they must not be.
        var grammar = Grammar<Person>(new JsonGrammarLimits(MaxStringLength: 40, MaxItems: 3));
        var random = new Random(3);
        var steps = 0;
        for (var walk = 0; walk < 6; walk++)
        {
            var constraint = new JsonSchemaTokenConstraint(grammar, tokenizer, ImEnd);
            var tokens = new List<int>();
            var mask = new bool[tokenizer.VocabSize];
            while (!constraint.HasEnded)
            {
                constraint.Mask(mask);
                Assert.Equal(BruteForceMask(grammar, tokenizer, tokens, ImEnd), mask);
                var allowed = Enumerable.Range(0, mask.Length).Where(id => mask[id]).ToArray();
                // Half the walks favour long strings: a token without a quote whenever there is one.
                var plain = allowed.Where(id => !tokenizer.TokenBytes(id).Contains((byte)'"')).ToArray();
                var next = walk % 2 == 1 && plain.Length > 0 ? plain[random.Next(plain.Length)] : allowed[random.Next(allowed.Length)];
                constraint.Accept(next);
                tokens.Add(next);
                steps++;
            }
            Assert.Equal(ImEnd, tokens[^1]);
            Assert.Empty(JsonSchemaCheck.Errors(SchemaOf<Person>(), JsonDocument.Parse(tokenizer.DecodeBytes(tokens[..^1])).RootElement));
        }
        Assert.True(steps > 300, $"{steps} steps");
    }

    [Fact]
    public void Special_tokens_wait_for_a_complete_document_and_then_the_end_token_is_the_only_one()
    {
        var tokenizer = Tokenizer.Value;
        var grammar = Grammar<Address>();
        var constraint = new JsonSchemaTokenConstraint(grammar, tokenizer, ImEnd);
        var mask = new bool[tokenizer.VocabSize + 5]; // a model's vocabulary may be larger than the tokenizer's
        var document = tokenizer.Encode("""{"street":"Main","number":5}""");

        foreach (var token in document)
        {
            constraint.Mask(mask);
            Assert.True(mask[token]);
            Assert.DoesNotContain(tokenizer.SpecialTokens.Values, id => mask[id]);
            constraint.Accept(token);
        }
        constraint.Mask(mask);

        Assert.True(constraint.IsComplete);
        Assert.Equal([ImEnd], Enumerable.Range(0, mask.Length).Where(id => mask[id]));
        constraint.Accept(ImEnd);
        Assert.True(constraint.HasEnded);
        constraint.Mask(mask);
        Assert.DoesNotContain(true, mask);
        Assert.Throws<InvalidOperationException>(() => constraint.Accept(document[0]));
    }

    [Fact]
    public void A_token_the_mask_refused_is_refused_by_accept_too()
    {
        var tokenizer = Tokenizer.Value;
        var constraint = new JsonSchemaTokenConstraint(Grammar<Address>(), tokenizer, ImEnd);

        Assert.Throws<InvalidOperationException>(() => constraint.Accept(tokenizer.Encode("[")[0]));
        Assert.Throws<InvalidOperationException>(() => constraint.Accept(ImEnd));
        Assert.Throws<ArgumentException>(() => constraint.Mask(new bool[10]));
        Assert.Throws<ArgumentException>(() => new JsonSchemaTokenConstraint(Grammar<Address>(), tokenizer, 65));
        constraint.Accept(tokenizer.Encode("{")[0]);
        Assert.False(constraint.IsComplete);
    }

    [Fact]
    public void On_the_course_tokenizer_the_mask_matches_brute_force()
    {
        var tokenizer = CourseGpt.LoadTokenizer(WorkbookPaths.CommittedData(CourseGpt.TokenizerPath));
        var end = tokenizer.SpecialTokenId(ChatTemplate.ImEnd);
        var grammar = Grammar<Person>();
        string[] prefixes = ["", "{\"name\":\"", "{\"name\":\"Ada Lö", "{\"name\":\"Ada\",\"age\":", "{\"name\":\"Ada\",\"age\":36,\"height\":1.",
            "{\"name\":\"Ada\",\"age\":36,\"height\":1.75,\"active\":true,\"favorite\":\"G", "{\"name\":\"Ada\",\"age\":36,\"height\":1.75,\"active\":true,\"favorite\":\"Green\",\"nick\":null,\"tags\":[", Ada];
        var mask = new bool[tokenizer.VocabSize];
        var sizes = new List<int>();

        foreach (var prefix in prefixes)
        {
            var constraint = new JsonSchemaTokenConstraint(grammar, tokenizer, end);
            var tokens = tokenizer.Encode(prefix);
            tokens.ForEach(constraint.Accept);
            constraint.Mask(mask);
            Assert.Equal(BruteForceMask(grammar, tokenizer, tokens, end), mask);
            sizes.Add(mask.Count(a => a));
        }

        Assert.Equal(1, sizes[0]); // "{"
        Assert.True(sizes[1] > 7000, $"inside a string almost every token fits: {sizes[1]}");
        Assert.Equal([end], Enumerable.Range(0, mask.Length).Where(id => mask[id]));
    }

    internal static JsonElement SchemaOf<T>() => Microsoft.Extensions.AI.AIJsonUtilities.CreateJsonSchema(typeof(T));

    [Theory]
    [InlineData(60)]
    [InlineData(96)]
    public void Any_walk_through_allowed_tokens_ends_with_a_whole_document_within_the_budget(int budget)
    {
        var tokenizer = CourseGpt.LoadTokenizer(WorkbookPaths.CommittedData(CourseGpt.TokenizerPath));
        var end = tokenizer.SpecialTokenId(ChatTemplate.ImEnd);
        var grammar = JsonSchemaGrammar.FromSchema(StructuredOutput.SchemaFor<PassageFacts>());
        var allowed = new bool[tokenizer.VocabSize];
        for (var seed = 0; seed < 12; seed++)
        {
            // A random walk is the worst model there is: it wanders into long strings and lists and never closes them.
            var random = new Random(seed);
            var constraint = new JsonSchemaTokenConstraint(grammar, tokenizer, end, budget);
            var reply = new List<int>();
            for (var step = 0; step < budget && !constraint.HasEnded; step++)
            {
                constraint.Mask(allowed);
                var choices = Enumerable.Range(0, allowed.Length).Where(id => allowed[id]).ToList();
                var token = choices[random.Next(choices.Count)];
                constraint.Accept(token);
                if (token != end)
                {
                    reply.Add(token);
                }
            }
            Assert.True(constraint.HasEnded, $"seed {seed}: no end within {budget} tokens: {tokenizer.Decode(reply)}");
            var json = JsonDocument.Parse(tokenizer.Decode(reply)).RootElement;
            Assert.Empty(JsonSchemaValidator.Validate(StructuredOutput.SchemaFor<PassageFacts>(), json));
        }
    }

    [Fact]
    public void The_shortest_completion_closes_what_is_open_and_writes_the_required_rest()
    {
        var grammar = JsonSchemaGrammar.FromSchema(StructuredOutput.SchemaFor<PassageFacts>());
        string Completion(string prefix) => System.Text.Encoding.ASCII.GetString(grammar.Start.Advance(prefix)!.ShortestCompletion()!);

        Assert.Equal("""{"year":0,"president":"","amounts":[],"countries":[]}""", Completion(""));
        Assert.Equal("\"],\"countries\":[]}", Completion("{\"year\":1790,\"president\":\"G. W.\",\"amounts\":[\"$1"));
        Assert.Equal("", Completion("""{"year":1790,"president":"","amounts":[],"countries":[]}"""));
    }
}
