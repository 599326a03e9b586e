using System.Text;

namespace DataFactory.Inference.Chat;

/// <summary>
/// ChatML. When the template inserts a default system message (Qwen2's "You are a helpful
/// assistant.", SmolLM2's) and the conversation has none, it is inserted the same way.
/// </summary>
internal sealed class ChatMlRenderer(string? defaultSystemMessage) : IChatRenderer
{
    public void Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt, StringBuilder output)
    {
        if (defaultSystemMessage is not null && messages.Count > 0 && messages[0].Role != "system")
        {
            Turn(output, "system", defaultSystemMessage);
        }

        foreach (var message in messages)
        {
            Turn(output, message.Role, message.Content);
        }

        if (addGenerationPrompt)
        {
            output.Append("<|im_start|>assistant\n");
        }
    }

    private static void Turn(StringBuilder output, string role, string content) =>
        output.Append("<|im_start|>").Append(role).Append('\n').Append(content).Append("<|im_end|>\n");
}
