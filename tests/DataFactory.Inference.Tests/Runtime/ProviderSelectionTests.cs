using DataFactory.Inference.Generation;
using DataFactory.Inference.Runtime;
using Microsoft.Extensions.Logging;

namespace DataFactory.Inference.Tests.Runtime;

/// <summary>
/// The tests build the CPU flavour (Microsoft.ML.OnnxRuntime, no CUDA provider), so CUDA can never be used
/// here: what is checked is that asking for it fails loudly and that auto falls back with its reason logged.
/// </summary>
public sealed class ProviderSelectionTests
{
    [Fact]
    public void Cuda_fails_to_load_and_says_the_build_has_no_cuda_provider()
    {
        var logger = new RecordingLogger();

        var error = Assert.Throws<ExecutionProviderException>(
            () => new GenerationEngine(new EngineOptions { ModelDirectory = RepoPaths.Bundled, Provider = ExecutionProvider.Cuda }, logger));

        Assert.StartsWith("CUDA cannot be used: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("CPU-only ONNX Runtime", error.Message, StringComparison.Ordinal);
        Assert.Contains("-p:OnnxRuntimeFlavor=Gpu", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(logger.Entries, entry => entry.Message.Contains("CPUExecutionProvider", StringComparison.Ordinal));
    }

    [Fact]
    public void Auto_on_the_cpu_only_build_runs_on_cpu_and_says_so_without_a_warning()
    {
        var logger = new RecordingLogger();

        using var engine = new GenerationEngine(new EngineOptions { ModelDirectory = RepoPaths.Bundled, Provider = ExecutionProvider.Auto }, logger);

        Assert.Equal(SessionFactory.CpuName, engine.ExecutionProviderName);
        Assert.DoesNotContain(logger.Entries, entry => entry.Level >= LogLevel.Warning);
        Assert.Single(logger.Entries, entry => entry.Level == LogLevel.Information && entry.Message.Contains("CPU-only ONNX Runtime", StringComparison.Ordinal));
    }

    [Fact]
    public void Cpu_loads_without_a_warning()
    {
        var logger = new RecordingLogger();

        using var engine = new GenerationEngine(new EngineOptions { ModelDirectory = RepoPaths.Bundled, Provider = ExecutionProvider.Cpu }, logger);

        Assert.Equal(SessionFactory.CpuName, engine.ExecutionProviderName);
        Assert.DoesNotContain(logger.Entries, entry => entry.Level >= LogLevel.Warning);
    }
}
