using DataFactory.Worker.Options;

namespace DataFactory.Worker.Tests.Serving;

public sealed class BackendSettingsTests
{
    private static string? Validate(ModelOptions options)
    {
        var result = new SettingsValidator().Validate(null, options);
        return result.Failed ? result.FailureMessage : null;
    }

    [Fact]
    public void An_unknown_backend_is_named_with_the_choices()
    {
        var error = Validate(new ModelOptions { Backend = "vllm", Directory = TestFactory.ModelDirectory });

        Assert.Equal("DataFactory:Model:Backend 'vllm' is not a backend; use onnx or openai.", error);
    }

    [Fact]
    public void The_openai_backend_needs_a_server_address_but_no_model_folder()
    {
        var missing = Validate(new ModelOptions { Backend = "openai" });
        var enough = Validate(new ModelOptions { Backend = "OpenAI", OpenAi = { BaseUrl = "http://127.0.0.1:8000/v1" } });

        Assert.Contains("DataFactory:Model:OpenAi:BaseUrl '' is not an http(s):// address", missing, StringComparison.Ordinal);
        Assert.Null(enough);
    }

    [Fact]
    public void A_server_address_with_credentials_is_refused_without_echoing_them()
    {
        var error = Validate(new ModelOptions { Backend = "openai", OpenAi = { BaseUrl = "http://user:hunter2@gpu:8000/v1", Endpoint = "chat" } });

        Assert.NotNull(error);
        Assert.Contains("without credentials", error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_onnx_backend_still_needs_its_model_folder()
    {
        var error = Validate(new ModelOptions { Backend = "onnx" });

        Assert.StartsWith("DataFactory:Model:Directory is not set", error, StringComparison.Ordinal);
    }
}
