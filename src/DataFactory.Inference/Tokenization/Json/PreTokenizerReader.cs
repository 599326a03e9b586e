using System.Text.Json;
using System.Text.RegularExpressions;
using DataFactory.Inference.Tokenization.PreTokenization;

namespace DataFactory.Inference.Tokenization.Json;

/// <summary>Builds the <c>pre_tokenizer</c> of tokenizer.json.</summary>
internal static class PreTokenizerReader
{
    private const string PunctuationClass = @"[\p{P}\x21-\x2F\x3A-\x40\x5B-\x60\x7B-\x7E]";

    public static PreTokenizerStep? Read(JsonElement? element)
    {
        if (element is not { } json)
        {
            return null;
        }

        var type = JsonFields.Type(json, "pre_tokenizer");
        return type switch
        {
            "Sequence" => new SequencePreTokenizer([.. Children(json)]),
            "Split" => Split(json),
            "ByteLevel" => new ByteLevelPreTokenizer(JsonFields.Bool(json, "add_prefix_space", true), JsonFields.Bool(json, "use_regex", true)),
            "Metaspace" => new MetaspacePreTokenizer(Replacement(json), Scheme(json), JsonFields.Bool(json, "split", true)),
            "Digits" => new RegexSplitPreTokenizer(
                new Regex(@"\p{N}", RegexOptions.CultureInvariant),
                JsonFields.Bool(json, "individual_digits", false) ? SplitBehavior.Isolated : SplitBehavior.Contiguous,
                invert: false),
            "Whitespace" => new RegexSplitPreTokenizer(new Regex(@"\w+|[^\w\s]+", RegexOptions.CultureInvariant), SplitBehavior.Removed, invert: true),
            "WhitespaceSplit" => new RegexSplitPreTokenizer(new Regex(@"\s+", RegexOptions.CultureInvariant), SplitBehavior.Removed, invert: false),
            "Punctuation" => new RegexSplitPreTokenizer(new Regex(PunctuationClass, RegexOptions.CultureInvariant), Behavior(json, SplitBehavior.Isolated), invert: false),
            _ => throw new TokenizerException(
                $"tokenizer.json pre_tokenizer '{type}' is not supported (supported: Sequence, Split, ByteLevel, Metaspace, Digits, Whitespace, WhitespaceSplit, Punctuation)."),
        };
    }

    /// <summary>Metaspace's replacement character (older files call it str_rep).</summary>
    public static char Replacement(JsonElement json)
    {
        var replacement = JsonFields.String(json, "replacement") ?? JsonFields.String(json, "str_rep") ?? "\u2581";
        return replacement.Length == 1 ? replacement[0] : throw new TokenizerException($"Metaspace replacement '{replacement}' is not one character.");
    }

    /// <summary>Metaspace's prepend scheme; older files have add_prefix_space instead.</summary>
    public static PrependScheme Scheme(JsonElement json) =>
        JsonFields.String(json, "prepend_scheme") switch
        {
            "always" => PrependScheme.Always,
            "first" => PrependScheme.First,
            "never" => PrependScheme.Never,
            null => JsonFields.Bool(json, "add_prefix_space", true) ? PrependScheme.Always : PrependScheme.Never,
            var other => throw new TokenizerException($"Metaspace prepend_scheme '{other}' is not supported."),
        };

    private static IEnumerable<PreTokenizerStep> Children(JsonElement json)
    {
        if (JsonFields.Get(json, "pretokenizers") is not { ValueKind: JsonValueKind.Array } list)
        {
            yield break;
        }

        foreach (var item in list.EnumerateArray())
        {
            if (Read(item) is { } step)
            {
                yield return step;
            }
        }
    }

    private static RegexSplitPreTokenizer Split(JsonElement json)
    {
        var (literal, regex) = PatternReader.Read(json, "the Split pre-tokenizer");
        return new RegexSplitPreTokenizer(regex ?? PatternReader.Literal(literal!), Behavior(json, SplitBehavior.Isolated), JsonFields.Bool(json, "invert", false));
    }

    private static SplitBehavior Behavior(JsonElement json, SplitBehavior fallback) =>
        JsonFields.String(json, "behavior") switch
        {
            null => fallback,
            "Removed" => SplitBehavior.Removed,
            "Isolated" => SplitBehavior.Isolated,
            "MergedWithPrevious" => SplitBehavior.MergedWithPrevious,
            "MergedWithNext" => SplitBehavior.MergedWithNext,
            "Contiguous" => SplitBehavior.Contiguous,
            var other => throw new TokenizerException($"Split behavior '{other}' in tokenizer.json is not supported."),
        };
}
