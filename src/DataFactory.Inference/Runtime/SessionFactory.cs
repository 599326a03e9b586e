using DataFactory.Inference.Models;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace DataFactory.Inference.Runtime;

/// <summary>Opens an ONNX Runtime session on the provider the options ask for and the native runtime has.</summary>
internal static class SessionFactory
{
    public const string CpuName = "CPUExecutionProvider";
    public const string CudaName = "CUDAExecutionProvider";

    /// <summary>
    /// <see cref="ExecutionProvider.Cpu"/> opens on CPU. <see cref="ExecutionProvider.Cuda"/> opens on CUDA or
    /// throws <see cref="ExecutionProviderException"/> with the reason: a GPU node must not run on its CPU
    /// unnoticed. <see cref="ExecutionProvider.Auto"/> tries CUDA and falls back to CPU: with a warning that
    /// says why on the GPU build, with an information line on the CPU-only build (where CPU is the point).
    /// </summary>
    public static (InferenceSession Session, string Provider) Open(string onnxPath, EngineOptions options, ILogger logger)
    {
        if (options.Provider != ExecutionProvider.Cpu)
        {
            var (session, reason, error) = TryCuda(onnxPath, options);
            if (session is not null)
            {
                return (session, CudaName);
            }

            if (options.Provider == ExecutionProvider.Cuda)
            {
                throw error is null
                    ? new ExecutionProviderException($"CUDA cannot be used: {reason}")
                    : new ExecutionProviderException($"CUDA cannot be used: {reason}", error);
            }

            // A CPU build on auto runs where it was built to run; a GPU build that cannot reach its GPU is worth a warning.
            if (error is null && !HasCudaProvider())
            {
                Log.CpuOnlyBuild(logger);
            }
            else
            {
                Log.CudaUnavailable(logger, reason!);
            }
        }

        using var cpuOptions = CreateOptions(options);
        return (Create(onnxPath, cpuOptions), CpuName);
    }

    private static (InferenceSession? Session, string? Reason, Exception? Error) TryCuda(string onnxPath, EngineOptions options)
    {
        if (!HasCudaProvider())
        {
            return (null, "this build has the CPU-only ONNX Runtime (Microsoft.ML.OnnxRuntime), which has no CUDA provider; build with -p:OnnxRuntimeFlavor=Gpu", null);
        }

        try
        {
            using var cudaOptions = CreateOptions(options);
            cudaOptions.AppendExecutionProvider_CUDA(options.CudaDeviceId);
            // Created directly rather than through Create: a CUDA failure here (no device, no libcudart or
            // libcudnn) is the provider's, not the model's.
            return (new InferenceSession(onnxPath, cudaOptions), null, null);
        }
        catch (OnnxRuntimeException ex)
        {
            return (null, $"ONNX Runtime could not open CUDA device {options.CudaDeviceId} (a CUDA 12 device, libcudart and cuDNN 9 are needed): {OneLine(ex.Message)}", ex);
        }
    }

    private static bool HasCudaProvider() => OrtEnv.Instance().GetAvailableProviders().Contains(CudaName);

    private static string OneLine(string message) => string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

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
