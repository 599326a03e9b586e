using System.Text.Json;
using DataFactory.Inference.Chat;

namespace DataFactory.Inference.Tests.Chat;

/// <summary>Renders equal those of a real Jinja engine (transformers.js) on the same template sources.</summary>
public sealed class ChatTemplateReferenceTests
{
    private static readonly Lazy<JsonDocument> Reference = new(() =>
        JsonDocument.Parse(File.ReadAllBytes(ChatFixtures.Path("chat", "templates.expected.json"))));

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var template in Reference.Value.RootElement.GetProperty("templates").EnumerateObject())
        {
            for (var i = 0; i < template.Value.GetProperty("cases").GetArrayLength(); i++)
            {
                data.Add(template.Name, i);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Renders_like_jinja(string name, int index)
    {
        var entry = Reference.Value.RootElement.GetProperty("templates").GetProperty(name);
        var testCase = entry.GetProperty("cases")[index];
        var template = ChatTemplate.Parse(entry.GetProperty("source").GetString(), Token(entry, "bos"), Token(entry, "eos"));
        var messages = testCase.GetProperty("messages").EnumerateArray()
            .Select(m => new ChatMessage(m.GetProperty("role").GetString()!, m.GetProperty("content").GetString()!))
            .ToList();

        var text = template.Render(messages, testCase.GetProperty("addGenerationPrompt").GetBoolean());

        Assert.Equal(Enum.Parse<ChatTemplateFamily>(entry.GetProperty("family").GetString()!), template.Family);
        Assert.Equal(testCase.GetProperty("expected").GetString(), text);
    }

    private static string? Token(JsonElement entry, string name) =>
        entry.GetProperty(name).ValueKind == JsonValueKind.String ? entry.GetProperty(name).GetString() : null;
}
