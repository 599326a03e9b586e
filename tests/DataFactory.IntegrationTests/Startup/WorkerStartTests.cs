using System.Text.Json.Nodes;

namespace DataFactory.IntegrationTests.Startup;

/// <summary>
/// A worker that cannot do its work stops at start, before the store or the bus is touched, with exit
/// code 2 and one line that says why: a chat template the engine cannot render, or CUDA asked for where
/// it cannot be used (the tests build the CPU flavour).
/// </summary>
public sealed class WorkerStartTests : IDisposable
{
    private const string Gemma = "{{ bos_token }}{% for message in messages %}{{ '<start_of_turn>' + message['role'] + '\\n' + message['content'] + '<end_of_turn>\\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<start_of_turn>model\\n' }}{% endif %}";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "df-start-" + Guid.NewGuid().ToString("N"));

    public WorkerStartTests() => Directory.CreateDirectory(_folder);

    [Fact]
    public async Task Worker_whose_model_has_an_unsupported_chat_template_exits_2_naming_the_folder_and_the_reason()
    {
        var model = CopyModelWithTemplate(Gemma);

        var (exit, output, error) = await CliProcess.RunAsync(Environment(model, "cpu"), null, "worker");

        Assert.True(exit == 2, $"exit {exit}: {error}{output}");
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: the chat template of the model in '{model}' is not supported: ", line, StringComparison.Ordinal);
        Assert.Contains("not one of the families", line, StringComparison.Ordinal);
        Assert.Contains("DATAFACTORY__MODEL__USECHATTEMPLATE=false", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Worker ready", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Worker_with_provider_cuda_where_cuda_cannot_be_used_exits_2_saying_why()
    {
        var (exit, output, error) = await CliProcess.RunAsync(Environment(RepoPaths.Model, "cuda"), null, "worker");

        Assert.True(exit == 2, $"exit {exit}: {error}{output}");
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: DataFactory:Model:Provider is 'cuda': CUDA cannot be used: ", line, StringComparison.Ordinal);
        Assert.Contains("CPU-only ONNX Runtime", line, StringComparison.Ordinal);
        Assert.DoesNotContain("CPUExecutionProvider", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_with_provider_cuda_where_cuda_cannot_be_used_exits_2()
    {
        var (exit, output, error) = await CliProcess.RunAsync(
            new Dictionary<string, string>(), null, "generate", "--model", RepoPaths.Model, "--prompt", "1 + 1", "--provider", "cuda", "--max-tokens", "4");

        Assert.True(exit == 2, $"exit {exit}: {error}{output}");
        Assert.StartsWith("error: CUDA cannot be used: ", error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A worker on an embedded store and the in-memory bus: no server is needed to reach the model check.</summary>
    private Dictionary<string, string> Environment(string model, string provider) => new()
    {
        ["DATAFACTORY__DATABASE__PROVIDER"] = "sqlite",
        ["DATAFACTORY__DATABASE__CONNECTIONSTRING"] = $"Data Source={Path.Combine(_folder, "store.db")}",
        ["DATAFACTORY__BROKER__TRANSPORT"] = "in-memory",
        ["DATAFACTORY__MODEL__DIRECTORY"] = model,
        ["DATAFACTORY__MODEL__PROVIDER"] = provider,
        ["DATAFACTORY__MODEL__USECHATTEMPLATE"] = "true",
        ["Logging__LogLevel__Default"] = "Information",
    };

    private string CopyModelWithTemplate(string template)
    {
        var target = Path.Combine(_folder, "foreign-template");
        foreach (var file in new[] { "config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json" })
        {
            Directory.CreateDirectory(target);
            File.Copy(Path.Combine(RepoPaths.Model, file), Path.Combine(target, file));
        }

        Directory.CreateDirectory(Path.Combine(target, "onnx"));
        foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.Model, "onnx")))
        {
            File.Copy(file, Path.Combine(target, "onnx", Path.GetFileName(file)));
        }

        var configPath = Path.Combine(target, "tokenizer_config.json");
        var config = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
        config["chat_template"] = template;
        File.WriteAllText(configPath, config.ToJsonString());
        return target;
    }
}
