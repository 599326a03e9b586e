using DataFactory.Inference.Chat;
using DataFactory.Inference.Generation;
using DataFactory.Inference.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataFactory.Inference.Tests.Chat;

public sealed class ChatTemplateCheckTests
{
    [Fact]
    public void Check_renders_the_bundled_models_template_as_ChatML()
    {
        using var engine = new GenerationEngine(new EngineOptions { ModelDirectory = RepoPaths.Bundled, Provider = ExecutionProvider.Cpu }, NullLogger.Instance);

        Assert.Equal(ChatTemplateFamily.ChatMl, engine.CheckChatTemplate());
    }

    [Fact]
    public void Check_fails_with_the_reason_when_the_template_is_of_an_unsupported_family()
    {
        using var folder = new TempFolder();
        ForeignTemplateModel.CopyTo(folder, ForeignTemplateModel.Gemma);
        using var engine = new GenerationEngine(new EngineOptions { ModelDirectory = folder.Path, Provider = ExecutionProvider.Cpu }, NullLogger.Instance);

        var error = Assert.Throws<ChatTemplateException>(() => engine.CheckChatTemplate());

        Assert.Contains("not one of the families", error.Message, StringComparison.Ordinal);
        Assert.Contains("DataFactory:Model:UseChatTemplate=false", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Check_fails_when_the_template_needs_a_token_the_config_lacks()
    {
        using var folder = new TempFolder();
        const string llama2 = "{{ bos_token }}{% for message in messages %}{% if message['role'] == 'system' %}{{ '<<SYS>>\\n' + message['content'] + '\\n<</SYS>>\\n\\n' }}{% elif message['role'] == 'user' %}{{ '[INST] ' + message['content'] + ' [/INST]' }}{% else %}{{ message['content'] + eos_token }}{% endif %}{% endfor %}";
        ForeignTemplateModel.CopyTo(folder, llama2);
        var config = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(folder.File("tokenizer_config.json")))!.AsObject();
        config.Remove("bos_token");
        File.WriteAllText(folder.File("tokenizer_config.json"), config.ToJsonString());
        using var engine = new GenerationEngine(new EngineOptions { ModelDirectory = folder.Path, Provider = ExecutionProvider.Cpu }, NullLogger.Instance);

        var error = Assert.Throws<ChatTemplateException>(() => engine.CheckChatTemplate());

        Assert.Contains("bos_token", error.Message, StringComparison.Ordinal);
    }
}
