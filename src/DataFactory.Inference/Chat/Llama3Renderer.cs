using System.Text;

namespace DataFactory.Inference.Chat;

/// <summary>
/// Llama 3 headers. Contents are trimmed, as the templates do. With <paramref name="todayDate"/>
/// set (Llama 3.1 and later templates), a system turn always comes first with the
/// "Cutting Knowledge Date" preamble and the system message, if any.
/// </summary>
internal sealed class Llama3Renderer(string bosToken, string? todayDate) : IChatRenderer
{
    public void Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt, StringBuilder output)
    {
        var start = 0;
        if (todayDate is not null)
        {
            output.Append(bosToken);
            var system = string.Empty;
            if (messages.Count > 0 && messages[0].Role == "system")
            {
                system = messages[0].Content.Trim();
                start = 1;
            }

            output.Append("<|start_header_id|>system<|end_header_id|>\n\n")
                .Append("Cutting Knowledge Date: December 2023\nToday Date: ").Append(todayDate).Append("\n\n")
                .Append(system).Append("<|eot_id|>");
        }
        else if (messages.Count > 0)
        {
            output.Append(bosToken);
        }

        for (var i = start; i < messages.Count; i++)
        {
            output.Append("<|start_header_id|>").Append(messages[i].Role).Append("<|end_header_id|>\n\n")
                .Append(messages[i].Content.Trim()).Append("<|eot_id|>");
        }

        if (addGenerationPrompt)
        {
            output.Append("<|start_header_id|>assistant<|end_header_id|>\n\n");
        }
    }
}
