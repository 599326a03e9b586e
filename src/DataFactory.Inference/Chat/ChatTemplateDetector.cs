using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace DataFactory.Inference.Chat;

/// <summary>
/// Recognises a chat template's family by the markers in its Jinja source and builds the
/// renderer for it, with what the source fixes (default system message, date, BOS/EOS use).
/// </summary>
internal static partial class ChatTemplateDetector
{
    private static readonly (ChatTemplateFamily Family, string[] Markers)[] Families =
    [
        (ChatTemplateFamily.ChatMl, ["<|im_start|>", "<|im_end|>"]),
        (ChatTemplateFamily.Llama3, ["<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>"]),
        (ChatTemplateFamily.Llama2, ["[INST]", "[/INST]", "<<SYS>>"]),
        (ChatTemplateFamily.Phi3, ["<|user|>", "<|assistant|>", "<|end|>"]),
        (ChatTemplateFamily.Zephyr, ["<|user|>", "<|assistant|>", "eos_token"]),
    ];

    public static (ChatTemplateFamily Family, IChatRenderer Renderer, string? DefaultSystemMessage) Detect(
        string source, string? bosToken, string? eosToken)
    {
        foreach (var (family, markers) in Families)
        {
            if (!markers.All(marker => source.Contains(marker, StringComparison.Ordinal)))
            {
                continue;
            }

            switch (family)
            {
                case ChatTemplateFamily.ChatMl:
                {
                    var defaultSystem = DefaultSystemMessage(source);
                    return (family, new ChatMlRenderer(defaultSystem), defaultSystem);
                }

                case ChatTemplateFamily.Llama3:
                {
                    var bos = Uses(source, "bos_token")
                        ? Require(bosToken, "bos_token", family)
                        : source.Contains("<|begin_of_text|>", StringComparison.Ordinal) ? "<|begin_of_text|>" : string.Empty;
                    return (family, new Llama3Renderer(bos, TodayDate(source)), null);
                }

                case ChatTemplateFamily.Llama2:
                    return (family, new Llama2Renderer(Require(bosToken, "bos_token", family), Require(eosToken, "eos_token", family)), null);
                case ChatTemplateFamily.Phi3:
                {
                    var prefix = Uses(source, "bos_token") ? Require(bosToken, "bos_token", family) : string.Empty;
                    var closing = Uses(source, "eos_token") ? Require(eosToken, "eos_token", family) : null;
                    return (family, new TaggedRoleRenderer(prefix, "<|end|>", closing, promptNeedsMessages: false), null);
                }

                default:
                    return (family, new TaggedRoleRenderer(string.Empty, Require(eosToken, "eos_token", family), null, promptNeedsMessages: true), null);
            }
        }

        throw new ChatTemplateException(UnknownMessage(source));
    }

    private static string UnknownMessage(string source)
    {
        var message = new StringBuilder("The model's chat template is not one of the families this engine renders without Jinja. Missing markers: ");
        message.AppendJoin("; ", Families.Select(entry =>
            $"{entry.Family} needs {string.Join(", ", entry.Markers.Where(marker => !source.Contains(marker, StringComparison.Ordinal)))}"));
        message.Append(". To send prompts as raw text instead, set DataFactory:Model:UseChatTemplate=false (DATAFACTORY__MODEL__USECHATTEMPLATE=false) for a worker, or leave out --chat for generate.");
        return message.ToString();
    }

    private static bool Uses(string source, string variable) => source.Contains(variable, StringComparison.Ordinal);

    private static string Require(string? token, string name, ChatTemplateFamily family) =>
        token ?? throw new ChatTemplateException($"The {family} chat template uses {name}, but tokenizer_config.json names none.");

    /// <summary>The literal system turn a ChatML template writes when the conversation has none.</summary>
    private static string? DefaultSystemMessage(string source)
    {
        foreach (Match match in DefaultSystemTurn().Matches(source))
        {
            return Unescape(match.Groups[1].Value);
        }

        return null;
    }

    /// <summary>Llama 3.1+ preamble date: today when the template asks strftime_now, else its literal default.</summary>
    private static string? TodayDate(string source)
    {
        if (!source.Contains("Cutting Knowledge Date", StringComparison.Ordinal))
        {
            return null;
        }

        if (source.Contains("strftime_now", StringComparison.Ordinal))
        {
            return DateTime.UtcNow.ToString("dd MMM yyyy", CultureInfo.InvariantCulture);
        }

        var literal = DateLiteral().Match(source);
        return literal.Success ? literal.Groups[1].Value : "26 Jul 2024";
    }

    private static string Unescape(string literal)
    {
        var output = new StringBuilder(literal.Length);
        for (var i = 0; i < literal.Length; i++)
        {
            if (literal[i] == '\\' && i + 1 < literal.Length)
            {
                i++;
                output.Append(literal[i] switch
                {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    var other => other,
                });
                continue;
            }

            output.Append(literal[i]);
        }

        return output.ToString();
    }

    // A system turn written as one Jinja string literal: no quotes, braces or '+' inside.
    [GeneratedRegex(@"<\|im_start\|>system(?:\\n|\n)([^'""{}+]*?)<\|im_end\|>", RegexOptions.CultureInvariant)]
    private static partial Regex DefaultSystemTurn();

    [GeneratedRegex(@"date_string\s*=\s*[""']([^""']+)[""']", RegexOptions.CultureInvariant)]
    private static partial Regex DateLiteral();
}
