using System.Text;

namespace DataFactory.Inference.Chat;

/// <summary>
/// For models without a chat template: a system message as a leading paragraph, then
/// <c>User: …</c> and <c>Assistant: …</c> lines; the generation prompt is <c>Assistant:</c> with no
/// trailing space, since BPE vocabularies attach the space to the next word.
/// </summary>
internal sealed class PlainRenderer : IChatRenderer
{
    public void Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt, StringBuilder output)
    {
        foreach (var message in messages)
        {
            switch (message.Role)
            {
                case "system":
                    output.Append(message.Content).Append("\n\n");
                    break;
                case "user":
                    output.Append("User: ").Append(message.Content).Append('\n');
                    break;
                case "assistant":
                    output.Append("Assistant: ").Append(message.Content).Append('\n');
                    break;
                default:
                    output.Append(char.ToUpperInvariant(message.Role[0])).Append(message.Role.AsSpan(1)).Append(": ").Append(message.Content).Append('\n');
                    break;
            }
        }

        if (addGenerationPrompt)
        {
            output.Append("Assistant:");
        }
    }
}
