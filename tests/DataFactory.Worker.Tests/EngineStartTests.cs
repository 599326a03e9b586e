using System.Text.Json.Nodes;
using DataFactory.Worker.Hosting;

namespace DataFactory.Worker.Tests;

/// <summary>
/// The engine's checks run in the worker's start path, so every host that adds the worker (the
/// <c>worker</c> command, the demo, an in-process run) stops at start with the same one-line reason.
/// </summary>
public sealed class EngineStartTests
{
    private const string Gemma = "{{ bos_token }}{% for message in messages %}{{ '<start_of_turn>' + message['role'] + '\\n' + message['content'] + '<end_of_turn>\\n' }}{% endfor %}";

    [Fact]
    public async Task A_host_whose_model_has_an_unsupported_chat_template_fails_to_start_naming_the_folder()
    {
        using var factory = await TestFactory.CreateAsync();
        var model = CopyWithTemplate(factory, Gemma);
        using var host = factory.Builder(new Dictionary<string, string?>
        {
            ["DataFactory:Model:Directory"] = model,
            ["DataFactory:Model:UseChatTemplate"] = "true",
        }).Build();

        var error = await Assert.ThrowsAsync<WorkerStartException>(() => host.StartAsync());

        Assert.StartsWith($"the chat template of the model in '{model}' is not supported: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("not one of the families", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task The_template_is_not_checked_when_prompts_do_not_use_it()
    {
        using var factory = await TestFactory.CreateAsync();
        var model = CopyWithTemplate(factory, Gemma);
        using var host = factory.Builder(new Dictionary<string, string?>
        {
            ["DataFactory:Model:Directory"] = model,
            ["DataFactory:Model:UseChatTemplate"] = "false",
        }).Build();

        await host.StartAsync();
        await host.StopAsync();
    }

    [Fact]
    public async Task Provider_cuda_on_the_cpu_only_build_fails_to_start_saying_why()
    {
        using var factory = await TestFactory.CreateAsync();
        using var host = factory.Builder(new Dictionary<string, string?> { ["DataFactory:Model:Provider"] = "cuda" }).Build();

        var error = await Assert.ThrowsAsync<WorkerStartException>(() => host.StartAsync());

        Assert.StartsWith("DataFactory:Model:Provider is 'cuda': CUDA cannot be used: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("CPU-only ONNX Runtime", error.Message, StringComparison.Ordinal);
    }

    private static string CopyWithTemplate(TestFactory factory, string template)
    {
        var target = factory.Folder("model-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var file in Directory.GetFiles(TestFactory.ModelDirectory, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(TestFactory.ModelDirectory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        var configPath = Path.Combine(target, "tokenizer_config.json");
        var config = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
        config["chat_template"] = template;
        File.WriteAllText(configPath, config.ToJsonString());
        return target;
    }
}
