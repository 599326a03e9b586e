using System.Text;

namespace DataFactory.Inference.Chat;

/// <summary>Writes a conversation in one chat format.</summary>
internal interface IChatRenderer
{
    void Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt, StringBuilder output);
}
