using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;

namespace DataFactory.Cli.Commands;

/// <summary>Times ONNX Runtime's MatMul on the CPU with the benchmark's thread count: the peak FLOP/s, and a given shape's cost.</summary>
internal static class BenchMatmulTimer
{
    /// <summary>Best seconds per C = A[m,k] × B[k,n] over <paramref name="repeats"/> runs after a warm-up.</summary>
    public static double Seconds(long m, long k, long n, int threads, int repeats)
    {
        using var options = new SessionOptions { IntraOpNumThreads = threads, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        using var session = new InferenceSession(BenchMatmulModel.Build(m, k, n), options);
        var a = new float[m * k];
        var b = new float[k * n];
        var random = new Random(1);
        for (var i = 0; i < a.Length; i++)
        {
            a[i] = (float)random.NextDouble();
        }

        for (var i = 0; i < b.Length; i++)
        {
            b[i] = (float)random.NextDouble();
        }

        using var inputA = OrtValue.CreateTensorValueFromMemory(a, [m, k]);
        using var inputB = OrtValue.CreateTensorValueFromMemory(b, [k, n]);
        using var runOptions = new RunOptions();
        string[] inputNames = ["A", "B"];
        string[] outputNames = ["C"];
        OrtValue[] inputs = [inputA, inputB];
        var best = double.MaxValue;
        for (var i = 0; i <= repeats; i++)
        {
            var start = Stopwatch.GetTimestamp();
            using var outputs = session.Run(runOptions, inputNames, inputs, outputNames);
            var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (i > 0)
            {
                best = Math.Min(best, seconds);
            }
        }

        return best;
    }

    /// <summary>Peak float32 FLOP/s of a large square MatMul.</summary>
    public static double PeakFlops(int threads)
    {
        const long size = 1024;
        return 2.0 * size * size * size / Seconds(size, size, size, threads, 10);
    }
}
