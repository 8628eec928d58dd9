using System.Text.RegularExpressions;

namespace LlmWorkbook.FineTuning;

/// <summary>
/// Turns a sentence of an address into questions whose answers are spans of it. It picks a span — an amount, a
/// percentage, a count, a year or date, a titled person, a country, a place, a named act or treaty, the object of a
/// verb such as "recommend" — and puts a question phrase in its place ("how much", "what percentage", "how many
/// vessels", "what year", "what date", "who"/"whom", "what country", "where", "what treaty", "what"). It drops an
/// opening "Moreover," or "It will be seen that", moves a leading phrase such as "In 1834," to the end, cuts a trailing
/// ", and …" after the question phrase, turns "I" into "the President", and asks "According to the passage, …?", the
/// way the evaluation set asks. A sentence it cannot rephrase safely gives no question.
/// </summary>
internal sealed partial class QuestionWriter(WordCase words)
{
    private const string Prefix = "According to the passage, ";
    private const int MinClauseWords = 6;
    private const int MaxClauseWords = 70;
    private const int MaxQuestionWords = 40;

    // The answer is clause[Start..End]; clause[ReplaceStart..ReplaceEnd] becomes Replacement in the question.
    private sealed record Span(int Start, int End, int ReplaceStart, int ReplaceEnd, string Replacement, string Kind, bool CanBeSubject)
    {
        public static Span Of(Match m, string replacement, string kind, bool canBeSubject)
            => new(m.Index, m.Index + m.Length, m.Index, m.Index + m.Length, replacement, kind, canBeSubject);
    }

    /// <summary>Every question this sentence gives, at most one per span.</summary>
    public IReadOnlyList<ExtractiveQuestion> Questions(string sentence)
    {
        if (!Suitable(sentence))
        {
            return [];
        }
        var questions = new List<ExtractiveQuestion>();
        var clauses = sentence[..^1].Split("; ");
        for (var c = 0; c < clauses.Length; c++)
        {
            var clause = StandaloneClause(clauses[c]);
            clause = clause is null ? null : Opening().Replace(clause, "");
            if (clause is null || clause.Length == 0 || !char.IsLetter(clause[0]) || ParticipleOpening().IsMatch(clause)
                || WordCount(clause) is < MinClauseWords or > MaxClauseWords)
            {
                continue;
            }
            var taken = new List<Span>();
            foreach (var span in Spans(clause))
            {
                if (taken.Any(t => span.ReplaceStart < t.ReplaceEnd && t.ReplaceStart < span.ReplaceEnd))
                {
                    continue;
                }
                taken.Add(span);
                if (Build(clause, span) is { } question)
                {
                    questions.Add(question);
                }
            }
        }
        return questions;
    }

    private static bool Suitable(string sentence)
        => sentence.Length > 0 && sentence[^1] == '.' && char.IsUpper(sentence[0])
           && sentence.IndexOfAny(['"', '(', ')', '[', ']', ':', '?', '!', '*']) < 0
           && !sentence.Contains(". .", StringComparison.Ordinal)
           && !Dash().IsMatch(sentence)
           && !SourceText.HasHeading(sentence)
           && WordCount(sentence) >= 6;

    // A clause without a leading "and"/"but", if it can stand as a sentence of its own.
    private static string? StandaloneClause(string clause)
    {
        var text = LeadingConjunction().Replace(clause, "");
        return StandaloneStart().IsMatch(text) ? text : null;
    }

    private ExtractiveQuestion? Build(string clause, Span span)
    {
        if (span.ReplaceStart == 0 && !span.CanBeSubject
            || span.ReplaceStart > 0 && clause[span.ReplaceStart - 1] != ' '
            || span.ReplaceEnd < clause.Length && clause[span.ReplaceEnd] is not (' ' or ',' or ';'))
        {
            return null; // not a subject, or glued to its neighbours ("by$5,000", "$4,057, 126.80" in the source)
        }
        var answer = clause[span.Start..span.End];
        var body = clause[..span.ReplaceStart] + span.Replacement + clause[span.ReplaceEnd..];
        var end = span.ReplaceStart + span.Replacement.Length;
        // "…amounted to how much, and the expenditures to $1,000" -> "…amounted to how much"
        if (Continuation().Match(body, end) is { Success: true } tail && HasMainVerb(body[..tail.Index]))
        {
            body = body[..tail.Index]; // only if what is left still has a verb: "The conventions of what date" has none
        }
        if (LeadingPhrase().Match(clause) is { Success: true } lead && span.ReplaceStart < lead.Length && !Auxiliary().IsMatch(lead.Value))
        {
            // "In 1834, the Congress passed the act." -> "the Congress passed the act in what year"
            var comma = lead.Length - 2 + span.Replacement.Length - (span.ReplaceEnd - span.ReplaceStart);
            if (end > comma || comma >= body.Length)
            {
                return null;
            }
            body = body[(comma + 1)..].TrimStart() + " " + LowerFirst(body[..comma]);
        }
        else if (span.ReplaceStart > 0 && OpeningPreposition().IsMatch(clause) && WordCount(clause[..span.ReplaceStart]) <= 2)
        {
            return null; // "In what year the Congress passed…" is not a question
        }
        if (FirstPersonToThirdPerson(body) is not { } rephrased)
        {
            return null;
        }
        if (words.IsCommon(FirstWord().Match(rephrased).Value))
        {
            rephrased = LowerFirst(rephrased);
        }
        var question = Prefix + rephrased.TrimEnd(' ', ',', ';', '.') + "?";
        if (ContainsWords(question, answer) || WordCount(rephrased) > MaxQuestionWords)
        {
            return null;
        }
        return new ExtractiveQuestion(question, answer, span.Kind);
    }

    private IEnumerable<Span> Spans(string clause)
    {
        foreach (Match m in Date().Matches(clause))
        {
            if (!DateBefore().IsMatch(clause.AsSpan(0, m.Index)) && !DigitFollows().IsMatch(clause.AsSpan(m.Index + m.Length)))
            {
                yield return Span.Of(m, "what date", "date", false);
            }
        }
        foreach (Match m in Money().Matches(clause))
        {
            if (!AmountBefore().IsMatch(clause.AsSpan(0, m.Index)))
            {
                yield return Span.Of(m, "how much", "amount", true);
            }
        }
        foreach (Match m in Percentage().Matches(clause))
        {
            if (!AmountBefore().IsMatch(clause.AsSpan(0, m.Index)))
            {
                yield return Span.Of(m, "what percentage", "percentage", false);
            }
        }
        foreach (Match m in Count().Matches(clause))
        {
            if (CountSpan(clause, m) is { } span)
            {
                yield return span;
            }
        }
        foreach (Match m in Year().Matches(clause))
        {
            if (!YearBefore().IsMatch(clause.AsSpan(0, m.Index)) && !YearAfter().IsMatch(clause.AsSpan(m.Index + m.Length)))
            {
                yield return Span.Of(m, "what year", "year", false);
            }
        }
        foreach (var span in People(clause).Concat(Countries(clause)).Concat(Places(clause)))
        {
            yield return span;
        }
        foreach (Match m in NamedThing().Matches(clause))
        {
            var after = clause.AsSpan(m.Index + m.Length);
            if (!ListContinues().IsMatch(after) && SmallWordOrEnd().IsMatch(after))
            {
                yield return Span.Of(m, "what " + m.Groups["head"].Value.ToLowerInvariant(), "name", true);
            }
        }
        if (SubjectPhrase().Match(clause) is { Success: true } subject)
        {
            var phrase = subject.Groups["subject"].Value.TrimEnd();
            var head = phrase[(phrase.LastIndexOf(' ') + 1)..];
            if (!PeopleNouns.Contains(head) && !BadLastWords.Contains(head) && !VagueSubjects.Contains(head) && WordCount(phrase) >= 3)
            {
                yield return new Span(0, phrase.Length, 0, phrase.Length, "what", "subject", true);
            }
        }
        foreach (Match m in VerbObject().Matches(clause))
        {
            if (ObjectPhrase(m.Groups["object"]) is { } span)
            {
                yield return span;
            }
        }
    }

    // "about 25 armed vessels" -> answer "about 25", asked as "how many armed vessels".
    private static Span? CountSpan(string clause, Match m)
    {
        var number = m.Groups["number"].Value;
        if (IsYear(number) || CountBefore().IsMatch(clause.AsSpan(0, m.Index)))
        {
            return null;
        }
        var following = m.Groups["noun"].Value.Split(' ');
        for (var n = 0; n < following.Length && !FunctionWords.Contains(following[n]); n++)
        {
            if (!IsPlural(following[n]))
            {
                continue;
            }
            var noun = string.Join(' ', following[..(n + 1)]);
            var end = m.Groups["noun"].Index + noun.Length;
            if (end < clause.Length && clause[end] is '\'' or '-' || DigitFollows().IsMatch(clause.AsSpan(end)))
            {
                return null;
            }
            return new Span(m.Index, m.Groups["number"].Index + number.Length, m.Index, end, "how many " + noun, "count", true);
        }
        return null;
    }

    private IEnumerable<Span> People(string clause)
    {
        foreach (Match m in TitledName().Matches(clause))
        {
            if (m.Index > 0 && (clause[m.Index - 1] == '-' || CapitalizedWordBefore().IsMatch(clause.AsSpan(0, m.Index))))
            {
                continue; // "Attorney General Wirt", "Postmaster-General Key": the title is longer than the match
            }
            // The title and the capitalized words after it, all names or initials: "Rear-Admiral John Rodgers".
            var names = m.Groups["names"].Value.Split(' ');
            var kept = names.TakeWhile(n => n.Length == 2 && n[1] == '.' || words.IsName(n)).ToList();
            if (kept.Count == names.Length && words.IsName(kept[^1])
                && PersonSpan(clause, m.Index, m.Groups["names"].Index + string.Join(' ', kept).Length) is { } span)
            {
                yield return span;
            }
        }
        foreach (Match m in RulerOf().Matches(clause))
        {
            if (PersonSpan(clause, m.Index, m.Index + m.Length) is { } span)
            {
                yield return span;
            }
        }
    }

    // "who" as a subject at the start, "whom" after a preposition or a past participle; elsewhere none.
    private static Span? PersonSpan(string clause, int start, int end)
    {
        var after = clause.AsSpan(end);
        if (after.StartsWith("'s", StringComparison.Ordinal) || ListContinues().IsMatch(after) || after is [' ', >= 'A' and <= 'Z', ..])
        {
            return null;
        }
        if (start == 0)
        {
            return new Span(start, end, start, end, "who", "person", true);
        }
        var before = PreviousWord().Match(clause[..start]).Groups[1].Value;
        return Prepositions.Contains(before) || before.EndsWith("ed", StringComparison.Ordinal) && before.Length > 3
            ? new Span(start, end, start, end, "whom", "person", false)
            : null;
    }

    private static IEnumerable<Span> Countries(string clause)
    {
        foreach (var m in PassageFields.CountryMentions(clause))
        {
            var before = clause[..m.Index];
            var after = clause.AsSpan(m.Index + m.Length);
            if (after.StartsWith("'s", StringComparison.Ordinal) || after.StartsWith(" of ", StringComparison.Ordinal)
                || ListContinues().IsMatch(after) || ListPrecedes().IsMatch(before))
            {
                continue; // "France's", "the United Kingdom of Great Britain", "France and Spain"
            }
            var start = before.EndsWith("the ", StringComparison.OrdinalIgnoreCase) ? m.Index - 4 : m.Index;
            if ((start == 0 || char.IsWhiteSpace(clause[start - 1])) && !DeterminerBefore().IsMatch(clause.AsSpan(0, start)))
            {
                yield return new Span(start, m.Index + m.Length, start, m.Index + m.Length, "what country", "country", true);
            }
        }
    }

    // "met at Geneva" -> "met where": a name after a verb and "at" or "in", followed by punctuation or a small word.
    private IEnumerable<Span> Places(string clause)
    {
        foreach (Match m in Place().Matches(clause))
        {
            var place = m.Groups["place"];
            var before = PreviousWord().Match(clause[..m.Index]).Groups[1].Value;
            var after = clause.AsSpan(m.Index + m.Length);
            if (place.Value.Split(' ').All(w => words.IsName(w) && !NotPlaces.Contains(w) && !NameLists.Months.Contains(w))
                && (before.EndsWith("ed", StringComparison.Ordinal) || PlaceVerbs.Contains(before))
                && SmallWordOrEnd().IsMatch(after) && !ListContinues().IsMatch(after))
            {
                yield return new Span(place.Index, place.Index + place.Length, m.Index, m.Index + m.Length, "where", "place", false);
            }
        }
    }

    // The noun phrase after a verb such as "recommend", cut at the first comma or preposition other than "of".
    private static Span? ObjectPhrase(Group group)
    {
        var phrase = group.Value;
        var cut = PhraseBoundary().Match(phrase);
        if (cut.Success)
        {
            if (DanglingAfterObject().IsMatch(phrase.AsSpan(cut.Index)))
            {
                return null; // "urge the Congress to act", "requires a resolution that…": the phrase is not the whole object
            }
            phrase = phrase[..cut.Index];
        }
        var phraseWords = phrase.Split(' ');
        if (phraseWords.Length is < 2 or > 8 || BadLastWords.Contains(phraseWords[^1]) || phraseWords[^1].EndsWith("ly", StringComparison.Ordinal)
            || phrase.Any(c => char.IsDigit(c) || char.IsUpper(c)) || Comparative().IsMatch(phrase)
            || phraseWords.Any(Unchanged.Contains))
        {
            return null;
        }
        var end = group.Index + phrase.Length;
        return new Span(group.Index, end, group.Index, end, "what", "thing", false);
    }

    // A verb outside a relative clause: "the number of persons who were pensioned under the act of what date" has none.
    private static bool HasMainVerb(string text)
        => Verb().Matches(text).Any(v => !RelativeBefore().IsMatch(text.AsSpan(0, v.Index)));

    // The answer's words in the question would give it away ("ten" in "often" would not).
    private static bool ContainsWords(string text, string phrase)
        => Regex.IsMatch(text, @"(?<![A-Za-z0-9])" + Regex.Escape(phrase) + "(?![A-Za-z0-9])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static bool IsYear(string number) => number.Length == 4 && number.All(char.IsDigit) && number[0] is '1' or '2';

    private static bool IsPlural(string word)
        => word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && !word.EndsWith("us", StringComparison.Ordinal)
           && !FunctionWords.Contains(word);

    /// <summary>
    /// "I recommend" becomes "the President recommends", "my" "the President's", "you" "the Congress"; null when a verb
    /// after "I" is not one it knows how to agree, or the text says "myself", "I've" and the like.
    /// </summary>
    internal static string? FirstPersonToThirdPerson(string text)
    {
        if (Unrephrasable().IsMatch(text))
        {
            return null;
        }
        var failed = false;
        var result = FirstPersonSubject().Replace(text, m =>
        {
            var agreed = ThirdPersonVerb(m.Groups["verb"].Value);
            failed |= agreed is null;
            return "the President " + m.Groups["adverbs"].Value + agreed;
        });
        if (failed)
        {
            return null;
        }
        result = My().Replace(result, m => m.Value[0] == 'M' ? "The President's" : "the President's");
        result = Me().Replace(result, "the President");
        result = Your().Replace(result, m => m.Value[0] == 'Y' ? "The Congress's" : "the Congress's");
        return You().Replace(result, m => m.Value[0] == 'Y' ? "The Congress" : "the Congress");
    }

    private static string? ThirdPersonVerb(string verb) => verb switch
    {
        "am" => "is",
        "have" => "has",
        "do" => "does",
        _ when Unchanged.Contains(verb) || verb.EndsWith("ed", StringComparison.Ordinal) => verb,
        _ when !PresentVerbs.Contains(verb) => null,
        _ when verb.EndsWith('s') || verb.EndsWith("sh", StringComparison.Ordinal) || verb.EndsWith("ch", StringComparison.Ordinal)
            || verb.EndsWith('x') || verb.EndsWith('o') => verb + "es",
        _ when verb.EndsWith('y') && !"aeiou".Contains(verb[^2]) => verb[..^1] + "ies",
        _ => verb + "s",
    };

    private static string LowerFirst(string text) => text.Length == 0 ? text : char.ToLowerInvariant(text[0]) + text[1..];

    private static int WordCount(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    private static readonly HashSet<string> Prepositions = new(StringComparer.Ordinal)
    {
        "by", "to", "with", "from", "for", "of", "upon", "on", "against", "under", "before", "toward", "towards", "between",
    };

    private static readonly HashSet<string> FunctionWords = new(StringComparer.Ordinal)
    {
        "of", "and", "or", "the", "to", "in", "per", "a", "an", "was", "were", "are", "is", "have", "has", "had", "be",
        "been", "as", "at", "by", "for", "from", "on", "than", "that", "this", "these", "those", "its", "their", "his",
        "with", "which", "who", "whose", "it", "they", "there", "thus", "less", "more", "upon", "into", "during", "us",
        "each", "every", "such", "other", "others", "besides", "perhaps", "always", "sometimes", "ago", "later", "earlier",
    };

    private static readonly HashSet<string> PeopleNouns = new(StringComparer.Ordinal)
    {
        "people", "citizens", "men", "women", "officers", "soldiers", "sailors", "farmers", "workers", "members", "persons",
        "commissioners", "children", "inhabitants", "settlers", "tribes", "nations", "subjects", "employees", "veterans",
        "families", "others", "man", "one", "person", "officer", "government", "who", "there", "they", "he", "she", "we",
    };

    // "The time has come…", "The result was…": subjects too vague to be an answer.
    private static readonly HashSet<string> VagueSubjects = new(StringComparer.Ordinal)
    {
        "time", "day", "moment", "hour", "question", "fact", "truth", "result", "answer", "reason", "way", "matter", "case",
        "object", "purpose", "effect", "consequence", "need", "task", "point", "tendency", "thing", "things", "same",
        "latter", "former", "rest", "whole", "first", "last", "remainder", "other", "one", "ones", "kind", "sort",
    };

    private static readonly HashSet<string> BadLastWords = new(StringComparer.Ordinal)
    {
        "the", "a", "an", "of", "its", "their", "our", "his", "her", "such", "this", "these", "those", "any", "all", "some",
        "more", "most", "same", "other", "and", "or", "which", "that", "so", "very", "be", "been", "being", "it", "not",
    };

    // Capitalized words that are institutions, documents, seasons or nationalities, not places one is "at" or "in".
    private static readonly HashSet<string> NotPlaces = new(StringComparer.Ordinal)
    {
        "Congress", "Senate", "House", "Government", "Treasury", "Department", "Navy", "Army", "Union", "Constitution",
        "States", "United", "Territory", "Territories", "Court", "Executive", "Nation", "Republic", "Legislature", "Office",
        "Bureau", "Administration", "God", "Providence", "Christmas", "Christian", "English", "French", "Spanish", "German",
        "British", "American", "Americans", "Indian", "Indians", "Federal", "National", "Commission", "Council", "Committee",
        "Secretary", "President", "Executive", "Message", "Act", "Acts", "Revised", "Statutes", "Treaty", "Senators",
        "Representatives", "Service", "Corps", "Marine", "Navy", "Coast", "Guard", "Reserve", "Board", "Party", "Democrats",
        "Republicans", "Cabinet", "Capitol", "Nations", "Assembly", "Conference", "Communist", "Communists", "Soviet",
        "Soviets", "Western", "Eastern", "Northern", "Southern", "Government's", "Heaven", "Almighty", "Medicare", "Medicaid",
    };

    private static readonly HashSet<string> PlaceVerbs = new(StringComparer.Ordinal)
    {
        "is", "are", "was", "were", "be", "been", "being", "met", "held", "made", "built", "born", "found", "sat", "meet",
        "meets", "reside", "resides", "remain", "remains", "arrived", "took", "begun", "began", "place", "stationed",
    };

    private static readonly HashSet<string> Unchanged = new(StringComparer.Ordinal)
    {
        "was", "had", "did", "shall", "will", "may", "must", "can", "could", "would", "should", "might", "cannot", "said",
        "took", "felt", "thought", "made", "found", "spoke", "sent", "came", "became", "met", "saw", "gave", "laid", "won",
        "began", "lost", "sat", "told", "heard", "knew", "went", "held",
    };

    private static readonly HashSet<string> PresentVerbs = new(StringComparer.Ordinal)
    {
        "recommend", "believe", "hope", "think", "ask", "urge", "know", "trust", "want", "propose", "invite", "refer",
        "commend", "call", "renew", "regret", "deem", "feel", "submit", "concur", "say", "repeat", "suggest", "wish",
        "desire", "see", "challenge", "doubt", "need", "take", "regard", "mean", "look", "venture", "entertain", "thank",
        "pledge", "expect", "consider", "intend", "approve", "transmit", "understand", "favor", "realize", "agree",
        "communicate", "suppose", "announce", "recognize", "join", "present", "hold", "request", "find", "support",
        "remain", "lay", "anticipate", "express", "advise", "advocate", "direct", "offer", "send", "add", "fear",
        "prefer", "assure", "reiterate", "appeal", "report", "congratulate", "apprehend", "cherish", "invoke", "beg",
    };

    private const string Modifier = @"(?:\b(?:not less than|not more than|no less than|no more than|not exceeding|little more than|little less than|about|nearly|over|more than|less than|upward of|upwards of|almost|approximately|at least|only|some) )?";

    private static readonly Regex MoneyPattern = new(Modifier + PassageFields.AmountPattern, RegexOptions.CultureInvariant);
    private static readonly Regex PercentagePattern = new(Modifier + PassageFields.PercentagePattern, RegexOptions.CultureInvariant);
    private static readonly Regex YearPattern = new(PassageFields.YearPattern, RegexOptions.CultureInvariant);
    private static readonly Regex CountPattern = new(
        Modifier + @"(?<number>\b(?:\d{1,3}(?:,\d{3})+|\d+)(?: (?:million|billion|thousand|hundred))?|\b(?:" + NameLists.Alternation(NameLists.NumberWords)
        + @")(?:-(?:one|two|three|four|five|six|seven|eight|nine))?(?: (?:hundred|thousand|million))?) (?<noun>[a-z]+(?: [a-z]+){0,2})\b",
        RegexOptions.CultureInvariant);
    private static readonly Regex RulerOfPattern = new(
        @"\bthe (?:King|Queen|Emperor|Empress|Sultan|Shah|Czar|Bey|Dey|Pasha|Khedive|Regent|President|Prime Minister) of (?:the )?(?:"
        + NameLists.Alternation(NameLists.Countries) + @")\b", RegexOptions.CultureInvariant);

    private static readonly Regex DatePattern = new(
        @"\b(?:" + string.Join('|', NameLists.Months) + @") \d{1,2}(?:st|nd|rd|th|d)?(?:, \d{4})?\b|\bthe \d{1,2}(?:st|nd|rd|th|d)? (?:day )?of (?:"
        + string.Join('|', NameLists.Months) + @")(?:,? \d{4}| last| next)?\b", RegexOptions.CultureInvariant);

    private static readonly Regex TitledNamePattern = new(
        @"\b(?:" + NameLists.Alternation(NameLists.Titles) + @") (?<names>(?:[A-Z][a-zA-Z]+|[A-Z]\.)(?: (?:[A-Z][a-zA-Z]+|[A-Z]\.))*)",
        RegexOptions.CultureInvariant);

    private static Regex Date() => DatePattern;

    private static Regex TitledName() => TitledNamePattern;

    private static Regex Money() => MoneyPattern;

    private static Regex Percentage() => PercentagePattern;

    private static Regex Year() => YearPattern;

    private static Regex Count() => CountPattern;

    private static Regex RulerOf() => RulerOfPattern;

    [GeneratedRegex(@"^(?:and|but|yet|while|whereas|or|so) ", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingConjunction();

    [GeneratedRegex(@"^(?:[A-Z]|(?:the|a|an|it|we|they|our|this|these|there|its|their|such|no|each|every|all|some|many|much|most|nothing) )")]
    private static partial Regex StandaloneStart();

    // Openings that only connect the sentence to the one before: "Moreover, ", "It will be seen that ".
    [GeneratedRegex(@"^(?:(?:And |But )?(?:Meanwhile|Thus|However|Moreover|Again|Finally|Now|Also|Therefore|Furthermore|Besides|Accordingly|Indeed|Yet|Still|Hence|Consequently|Nevertheless|Nonetheless|In addition|In contrast|In short|In fact|In the meantime|Of course|On the other hand|At the same time|For example|For instance|First|Second|Third|Lastly|Fortunately|Unfortunately|Happily|Today|Here|So|And|But|Then|Likewise|Similarly|Clearly|Obviously|Further|Again), |It (?:will|may|should|is to) be (?:seen|observed|perceived|noticed|noted) (?:by [^,]{1,60} )?that |It is (?:gratifying|pleasing|proper|worthy of note|a source of [a-z ]{1,30}) to (?:know|state|learn|observe|announce|report|inform you|say) that )")]
    private static partial Regex Opening();

    [GeneratedRegex(@"^(?:In|On|During|By|Since|Until|At|After|Before|For|Within|Under|Of|From|Between|Upon|Through|If|When|While|Although|Though|Because|As|Unless|Whereas|Whether|Once|With|Without|Under|Despite|Notwithstanding|Pursuant to|According to)\b(?:[^,]|,(?=\d)){0,70}, ", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingPhrase();

    [GeneratedRegex(@"^(?:In|On|During|By|Since|Until|At|After|Before|For|Within|Under|Of|From|Between|Upon|Through)\b", RegexOptions.IgnoreCase)]
    private static partial Regex OpeningPreposition();

    [GeneratedRegex(@"\b(?:is|are|was|were|has|have|had|will|shall|would|should|may|might|must|can|could|does|do|did)\b")]
    private static partial Regex Auxiliary();

    [GeneratedRegex(@"\b(?:is|are|was|were|has|have|had|will|shall|would|should|may|might|must|can|could|does|do|did|[a-z]{3,}ed)\b")]
    private static partial Regex Verb();

    [GeneratedRegex(@"\b(?:who|which|that|whom|whose)(?: [a-z]+){0,2} $")]
    private static partial Regex RelativeBefore();

    // "Having occupied for thirty years a seat…": a participle opens a phrase, not a clause.
    [GeneratedRegex(@"^(?!(?:During|Nothing|Everything|Something|Anything|King|Spring|Morning|Evening|Wyoming|Peking|Flushing)\b)[A-Za-z]+ing\b")]
    private static partial Regex ParticipleOpening();

    // A comma that starts another clause or an afterthought: cut there, after the question phrase.
    [GeneratedRegex(@", (?:and|but|while|whilst|whereas|which|who|exceeding|making|leaving|although|though|being|thus|so that|the latter|of which|as well as|including|besides|or|as compared|compared|against|an increase|a decrease|a reduction|showing|so|since|because|whereby|where|when)\b")]
    private static partial Regex Continuation();

    [GeneratedRegex(@"^[A-Za-z']+")]
    private static partial Regex FirstWord();

    // A dash standing for a pause ("think back -- think back", "date- Mexico") rather than joining two words.
    [GeneratedRegex(@"--|- | -")]
    private static partial Regex Dash();


    [GeneratedRegex(@"(?:\b(?:last|next|and|or|to|until|through) |, |-)$")]
    private static partial Regex DateBefore();

    [GeneratedRegex(@"(?:\b(?:the|a|an|from|and|or|no|not) |-|/)$", RegexOptions.IgnoreCase)]
    private static partial Regex AmountBefore();

    [GeneratedRegex(@"^(?:$|[,;.]| (?:and|on|in|at|for|to|by|with|was|were|is|are|has|have|had|will|would|shall|should|may|might|must|can|could|during|last|since|which|who|until|under|from|when|as|but|or|while|upon|of|that|be|been|did|does|do|not)\b)")]
    private static partial Regex SmallWordOrEnd();

    [GeneratedRegex(@"(?:\b(?:the|a|these|those|last|past|next|first|per|of|than|from|to|little|and|or|No\.|this|our|each|every|his|its|their|such) |[\$\d.,]|-)$", RegexOptions.IgnoreCase)]
    private static partial Regex CountBefore();

    [GeneratedRegex(@"\b(?:a|an|this|that|these|those|each|every|our|their|its|his|such|any|no) $", RegexOptions.IgnoreCase)]
    private static partial Regex DeterminerBefore();

    [GeneratedRegex(@"(?:\b(?:years?|the|from|to|and|or|fiscal) |\b(?!(?:In|On|Since|By|Until|During|From|After|Before|Of|Till|Through) )[A-Z][A-Za-z]* |[-–]|, )$")]
    private static partial Regex YearBefore();

    [GeneratedRegex(@"^(?: to | and | or |, |-|–)\d|^ (?:fiscal|budget|census|campaign|elections?|levels?|dollars|model|act|law)\b|^-")]
    private static partial Regex YearAfter();

    [GeneratedRegex(@"^[,.]?\s?\d")]
    private static partial Regex DigitFollows();


    [GeneratedRegex(@"\b(?:at|in) (?<place>[A-Z][a-z]+(?: [A-Z][a-z]+)?)\b")]
    private static partial Regex Place();

    [GeneratedRegex(@"\bthe (?:[A-Z][a-zA-Z]+(?:-[A-Z][a-zA-Z]+)? ){1,3}(?<head>Act|Treaty|Convention|Conference|Exposition|Exhibition|Commission|Canal|Railroad|Railway|Doctrine|Plan|Program|Compact|Agreement|Tribunal|Corporation|Authority|Alliance|Pact|Bill|Amendment|Expedition|Survey|Academy|Institution|Society|Association|Union|Company|Cable|Bridge|Dam|Project|Court|Bank|Fund)(?: of (?:the )?[A-Z][a-z]+(?: [A-Z][a-z]+){0,2})?(?![A-Za-z-])")]
    private static partial Regex NamedThing();

    // "The revenue from customs has increased": a subject of two to eight words without a comma, then an auxiliary.
    [GeneratedRegex(@"^(?<subject>(?:[Tt]he|[Aa]n?|[Oo]ur|[Tt]his|[Tt]hese|[Ii]ts|[Tt]heir|[Ss]uch|[Ee]ach|[Ee]very|[Aa]ll) (?:(?!(?:is|are|was|were|has|have|had|will|shall|would|should|may|might|must|can|could|which|that|who|whom|whose|what|when|where|how|why|to|be|been|not)\b)[a-z][a-z-]* ){1,7}?)(?:is|are|was|were|has|have|had|will|shall|would|should|may|might|must|can|could)\b(?! that\b)")]
    private static partial Regex SubjectPhrase();

    [GeneratedRegex(@"^(?:,? (?:and|or|nor) |, [A-Z])")]
    private static partial Regex ListContinues();

    [GeneratedRegex(@"(?:\b(?:and|or|nor) |, )$")]
    private static partial Regex ListPrecedes();

    [GeneratedRegex(@"\b[A-Z][A-Za-z]* $")]
    private static partial Regex CapitalizedWordBefore();

    [GeneratedRegex(@"(?:^|\s)(\S+) $")]
    private static partial Regex PreviousWord();

    [GeneratedRegex(@"\b(?:recommend|recommends|recommended|propose|proposes|proposed|suggest|suggests|suggested|urge|urges|urged|request|requests|requested|authorize|authorizes|authorized|approve|approves|approved|establish|establishes|established|adopt|adopts|adopted|repeal|repeals|repealed|abolish|abolished|provide for|provides for|provided for|negotiated|concluded|ratified|invite attention to|invites attention to|call attention to|calls attention to|called attention to|direct attention to|advocate|advocated|favor|favors|favored|oppose|opposed|enacted|signed|prohibit|prohibits|prohibited|strengthen|strengthened) (?<object>(?:the|a|an) [a-z][^,;]*)")]
    private static partial Regex VerbObject();

    [GeneratedRegex(@",| (?:which|that|who|whose|whereby|to|for|in|by|as|and|at|with|upon|on|from|if|when|so|but|or|than|because|until|unless|under|during|without|within|through|into|between|among|shall|should|will|would|may|might|must|can|could|is|are|was|were|be|been|has|have|had|now|already|heretofore|hereafter|herewith|therein|thereof|also|only|last|this|next|before|after|over|since|while|where|we|they|it|i|he|she|along|together|up|out|off|down|even|both|alone|here|there|again|too|either|ever|abroad|home|then|first|instead|accordingly|forthwith|immediately|entirely|fully|not|no|about|against|toward|towards|beyond|around|across|throughout|except|like|via|per|such|each|every|all|any)\b")]
    private static partial Regex PhraseBoundary();

    [GeneratedRegex(@"^ (?:to|that|which|who|whom|whose|whereby|as|than|so|and|or)\b")]
    private static partial Regex DanglingAfterObject();

    [GeneratedRegex(@"\b(?:greater|more|less|fewer|larger|smaller|higher|lower|better|worse)\b")]
    private static partial Regex Comparative();

    [GeneratedRegex(@"\b(?:myself|yourselves|ourselves|yourself|I'm|I've|I'll|I'd|you know|you see|thank you)\b|\bI,")]
    private static partial Regex Unrephrasable();

    [GeneratedRegex(@"\bI (?<adverbs>(?:(?:[a-z]+ly|also|further|therefore|again|now|still|then|hereby|once more) )*)(?<verb>[a-z]+)\b")]
    private static partial Regex FirstPersonSubject();

    [GeneratedRegex(@"\b[Mm]y\b")]
    private static partial Regex My();

    [GeneratedRegex(@"\bme\b")]
    private static partial Regex Me();

    [GeneratedRegex(@"\b[Yy]our\b")]
    private static partial Regex Your();

    [GeneratedRegex(@"\b[Yy]ou\b")]
    private static partial Regex You();
}
