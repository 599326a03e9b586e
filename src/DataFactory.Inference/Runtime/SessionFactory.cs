using DataFactory.Inference.Models;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace DataFactory.Inference.Runtime;

/// <summary>Opens an ONNX Runtime session on the provider the options ask for and the native runtime has.</summary>
internal static class SessionFactory
{
    public const string CpuName = "CPUExecutionProvider";
    public const string CudaName = "CUDAExecutionProvider";

    public static (InferenceSession Session, string Provider) Open(string onnxPath, EngineOptions options, ILogger logger)
    {
        if (options.Provider != ExecutionProvider.Cpu)
        {
            var reason = CudaMissingReason();
            if (reason is null)
            {
                try
                {
                    using var cudaOptions = CreateOptions(options);
                    cudaOptions.AppendExecutionProvider_CUDA(options.CudaDeviceId);
                    return (Create(onnxPath, cudaOptions), CudaName);
                }
                catch (OnnxRuntimeException ex)
                {
                    reason = ex.Message;
                }
            }

            if (options.Provider == ExecutionProvider.Cuda)
            {
                Log.CudaUnavailable(logger, reason);
            }
        }

        using var cpuOptions = CreateOptions(options);
        return (Create(onnxPath, cpuOptions), CpuName);
    }

    private static string? CudaMissingReason() =>
        OrtEnv.Instance().GetAvailableProviders().Contains(CudaName)
            ? null
            : "this build uses the CPU package; build with -p:OnnxRuntimeFlavor=Gpu";

    private static SessionOptions CreateOptions(EngineOptions options)
    {
        var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
            IntraOpNumThreads = Math.Max(0, options.IntraOpThreads),
            InterOpNumThreads = Math.Max(0, options.InterOpThreads),
        };
        return sessionOptions;
    }

    private static InferenceSession Create(string onnxPath, SessionOptions options)
    {
        try
        {
            // Loading by path lets ONNX Runtime find external data files (model.onnx.data, model.onnx_data) beside the graph.
            return new InferenceSession(onnxPath, options);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new ModelLoadException($"ONNX Runtime could not load '{onnxPath}': {ex.Message}", ex);
        }
    }
}
