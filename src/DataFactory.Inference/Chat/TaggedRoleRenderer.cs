using System.Text;

namespace DataFactory.Inference.Chat;

/// <summary>
/// Role tags on their own line (<c>&lt;|user|&gt;\ncontent</c>), each turn closed by a terminator and a
/// newline: <c>&lt;|end|&gt;</c> for Phi-3, EOS for Zephyr. The generation prompt is <c>&lt;|assistant|&gt;\n</c>.
/// </summary>
internal sealed class TaggedRoleRenderer(string prefix, string terminator, string? closingWithoutPrompt, bool promptNeedsMessages) : IChatRenderer
{
    public void Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt, StringBuilder output)
    {
        output.Append(prefix);
        foreach (var message in messages)
        {
            output.Append("<|").Append(message.Role).Append("|>\n").Append(message.Content).Append(terminator).Append('\n');
        }

        if (addGenerationPrompt && (!promptNeedsMessages || messages.Count > 0))
        {
            output.Append("<|assistant|>\n");
        }
        else if (!addGenerationPrompt && closingWithoutPrompt is not null)
        {
            output.Append(closingWithoutPrompt);
        }
    }
}
