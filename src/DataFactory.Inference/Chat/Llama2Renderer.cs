using System.Text;

namespace DataFactory.Inference.Chat;

/// <summary>
/// Llama 2 chat: each user turn is BOS + <c>[INST] … [/INST]</c>, each assistant turn is followed
/// by EOS, and a system message goes in a <c>&lt;&lt;SYS&gt;&gt;</c> block inside the first user turn. The
/// template has no generation prompt: the model answers after <c>[/INST]</c>.
/// </summary>
internal sealed class Llama2Renderer(string bosToken, string eosToken) : IChatRenderer
{
    public void Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt, StringBuilder output)
    {
        var start = 0;
        string? system = null;
        if (messages.Count > 0 && messages[0].Role == "system")
        {
            system = messages[0].Content;
            start = 1;
        }

        for (var i = start; i < messages.Count; i++)
        {
            var message = messages[i];
            var index = i - start;
            if ((message.Role == "user") != (index % 2 == 0))
            {
                throw new ChatTemplateException("The Llama 2 chat template needs roles alternating user/assistant/user/... after an optional system message.");
            }

            var content = index == 0 && system is not null
                ? "<<SYS>>\n" + system + "\n<</SYS>>\n\n" + message.Content
                : message.Content;
            if (message.Role == "user")
            {
                output.Append(bosToken).Append("[INST] ").Append(content.Trim()).Append(" [/INST]");
            }
            else
            {
                output.Append(' ').Append(content.Trim()).Append(' ').Append(eosToken);
            }
        }
    }
}
