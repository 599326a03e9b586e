using DataFactory.Inference.Chat;

namespace DataFactory.Inference.Tests.Chat;

public sealed class ChatTemplateTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("chat-template-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Qwen2_style_fixture_is_chatml_with_its_default_system_message()
    {
        var template = ChatTemplate.Load(ChatFixtures.Path("tokenization", "qwen2-style"));

        var text = template.Render([new ChatMessage("user", "Hi")], addGenerationPrompt: true);

        Assert.Equal(ChatTemplateFamily.ChatMl, template.Family);
        Assert.Equal("You are a helpful assistant.", template.DefaultSystemMessage);
        Assert.Equal(
            "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n",
            text);
    }

    [Fact]
    public void Llama_fixture_is_llama2_with_bos_from_tokenizer_config()
    {
        var template = ChatTemplate.Load(ChatFixtures.Path("models", "tiny-random-llama-fp16"));

        var text = template.Render([new ChatMessage("user", "Hi")], addGenerationPrompt: true);

        Assert.Equal(ChatTemplateFamily.Llama2, template.Family);
        Assert.Equal("<s>[INST] Hi [/INST]", text);
    }

    [Fact]
    public void Folder_without_template_renders_plain()
    {
        var template = ChatTemplate.Load(ChatFixtures.Path("models", "ortgenai-tiny-random-gpt2-fp32"));

        var text = template.Render(
            [new ChatMessage("system", "Be brief."), new ChatMessage("user", "2+2?"), new ChatMessage("assistant", "4"), new ChatMessage("user", "3+3?")],
            addGenerationPrompt: true);

        Assert.Same(ChatTemplate.Plain, template);
        Assert.Equal("Be brief.\n\nUser: 2+2?\nAssistant: 4\nUser: 3+3?\nAssistant:", text);
    }

    [Fact]
    public void Unknown_template_names_the_missing_markers_and_the_setting_that_turns_the_template_off()
    {
        const string gemma = "{% for message in messages %}{{ '<start_of_turn>' + message['role'] + '\\n' + message['content'] + '<end_of_turn>\\n' }}{% endfor %}";

        var error = Assert.Throws<ChatTemplateException>(() => ChatTemplate.Parse(gemma));

        Assert.Contains("ChatMl needs <|im_start|>, <|im_end|>", error.Message, StringComparison.Ordinal);
        Assert.Contains("Llama3 needs <|start_header_id|>", error.Message, StringComparison.Ordinal);
        Assert.Contains("DataFactory:Model:UseChatTemplate=false", error.Message, StringComparison.Ordinal);
        Assert.Contains("DATAFACTORY__MODEL__USECHATTEMPLATE=false", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("--no-chat", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mistral_inst_template_without_sys_block_is_rejected()
    {
        const string mistral = "{{ bos_token }}{% for message in messages %}{% if message['role'] == 'user' %}{{ '[INST] ' + message['content'] + ' [/INST]' }}{% else %}{{ message['content'] + eos_token }}{% endif %}{% endfor %}";

        var error = Assert.Throws<ChatTemplateException>(() => ChatTemplate.Parse(mistral, "<s>", "</s>"));

        Assert.Contains("Llama2 needs <<SYS>>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Llama2_rejects_roles_that_do_not_alternate()
    {
        var template = ChatTemplate.Load(ChatFixtures.Path("models", "tiny-random-llama-fp16"));

        Assert.Throws<ChatTemplateException>(() =>
            template.Render([new ChatMessage("user", "a"), new ChatMessage("user", "b")], addGenerationPrompt: true));
    }

    [Fact]
    public void Template_that_writes_bos_needs_a_bos_token()
    {
        const string llama3 = "{% for message in messages %}{% if loop.index0 == 0 %}{{ bos_token }}{% endif %}{{ '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' + message['content'] | trim + '<|eot_id|>' }}{% endfor %}";

        var error = Assert.Throws<ChatTemplateException>(() => ChatTemplate.Parse(llama3));

        Assert.Contains("bos_token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Named_template_list_uses_the_default_entry()
    {
        File.WriteAllText(Path.Combine(_folder, "tokenizer_config.json"), """
            {"eos_token": "<|im_end|>", "chat_template": [
              {"name": "tool_use", "template": "{{ '[INST]' }}"},
              {"name": "default", "template": "{% for m in messages %}{{ '<|im_start|>' + m['role'] + '\n' + m['content'] + '<|im_end|>\n' }}{% endfor %}"}]}
            """);

        var template = ChatTemplate.Load(_folder);

        Assert.Equal(ChatTemplateFamily.ChatMl, template.Family);
        Assert.Null(template.DefaultSystemMessage);
        Assert.Equal("<|im_start|>user\nx<|im_end|>\n", template.Render([new ChatMessage("user", "x")], addGenerationPrompt: false));
    }

    [Fact]
    public void Template_in_chat_template_jinja_is_found()
    {
        File.WriteAllText(Path.Combine(_folder, "tokenizer_config.json"), """{"eos_token": "<|im_end|>"}""");
        File.WriteAllText(Path.Combine(_folder, "chat_template.jinja"), "{%- for m in messages %}{{- '<|im_start|>' + m.role + '\\n' + m.content + '<|im_end|>\\n' }}{%- endfor %}");

        var template = ChatTemplate.Load(_folder);

        Assert.Equal(ChatTemplateFamily.ChatMl, template.Family);
    }

    [Fact]
    public void Chatml_with_own_system_message_does_not_add_the_default()
    {
        var template = ChatTemplate.Load(ChatFixtures.Path("tokenization", "qwen2-style"));

        var text = template.Render([new ChatMessage("system", "S"), new ChatMessage("user", "U")], addGenerationPrompt: false);

        Assert.Equal("<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nU<|im_end|>\n", text);
    }
}
