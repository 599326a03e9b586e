using DataFactory.Inference.Models;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DataFactory.Inference.Runtime;

/// <summary>An opened decoder: its session, what it is, and one forward pass over a batch with a KV cache.</summary>
internal sealed class DecoderModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _outputNames;

    private DecoderModel(InferenceSession session, DecoderSignature signature, ModelInfo info, string provider)
    {
        _session = session;
        Signature = signature;
        Info = info;
        ProviderName = provider;
        Layout = new KvLayout(signature.PastNames.Count, info.KvHeads, info.HeadSize, info.KvElementType);
        _outputNames = [signature.Logits, .. signature.PresentNames];
    }

    public DecoderSignature Signature { get; }

    public ModelInfo Info { get; }

    public KvLayout Layout { get; }

    public string ProviderName { get; }

    /// <summary>Finds, opens and checks the decoder of <see cref="EngineOptions.ModelDirectory"/>.</summary>
    public static DecoderModel Load(EngineOptions options, ILogger logger)
    {
        var directory = Path.GetFullPath(options.ModelDirectory);
        var onnxPath = ModelFolder.FindDecoder(directory, options.ModelFileName);
        var config = ModelConfig.Load(directory);
        var (session, provider) = SessionFactory.Open(onnxPath, options, logger);
        try
        {
            var signature = DecoderSignature.Read(session.InputMetadata, session.OutputMetadata, onnxPath);
            if (signature.SharedCache && !string.Equals(provider, SessionFactory.CpuName, StringComparison.Ordinal))
            {
                // Its cache buffers are host memory bound in place; on a GPU they would be copied every pass.
                throw new ModelLoadException(
                    $"'{onnxPath}' is a shared-cache (GroupQueryAttention) graph; the engine runs it on the CPU provider only, not {provider}. Use the folder's standard graph on CUDA.");
            }

            var info = ModelInfoReader.Combine(directory, onnxPath, signature, config);
            Log.ModelLoaded(
                logger, onnxPath, provider, info.Layers, info.KvHeads, info.HeadSize, info.VocabularySize,
                info.ContextLength, info.KvElementType.ToString(), info.LogitsElementType.ToString());
            return new DecoderModel(session, signature, info, provider);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="sequence"/> new tokens for each of <c>past.Rows</c> rows. <paramref name="inputIds"/> and
    /// <paramref name="positionIds"/> are [rows, sequence]; <paramref name="attentionMask"/> is [rows, past.Length + sequence].
    /// The caller owns the returned logits and cache, and still owns <paramref name="past"/>.
    /// </summary>
    public ForwardResult Forward(KvCache past, long[] inputIds, long[] positionIds, long[] attentionMask, int sequence)
    {
        if (Signature.AttentionMask is not { } maskName)
        {
            throw new InvalidOperationException($"'{Info.OnnxPath}' is a shared-cache graph: it runs through ForwardShared.");
        }

        var rows = past.Rows;
        var total = past.Length + sequence;
        var owned = new List<OrtValue>(4);
        var names = new List<string>(Signature.PastNames.Count + 4);
        try
        {
            names.Add(Signature.InputIds);
            owned.Add(Integers(inputIds, rows * sequence, [rows, sequence], Signature.InputIdsType));
            names.Add(maskName);
            owned.Add(Integers(attentionMask, rows * total, [rows, total], Signature.AttentionMaskType));
            if (Signature.PositionIds is { } positionName)
            {
                names.Add(positionName);
                owned.Add(Integers(positionIds, rows * sequence, [rows, sequence], Signature.PositionIdsType));
            }

            if (Signature.UseCacheBranch is { } branchName)
            {
                names.Add(branchName);
                owned.Add(OrtValue.CreateTensorValueFromMemory(new[] { past.Length > 0 }, [1]));
            }

            // The past tensors are borrowed: they stay owned by the cache.
            names.AddRange(Signature.PastNames);
            var inputs = new List<OrtValue>(owned.Count + past.Tensors.Count);
            inputs.AddRange(owned);
            inputs.AddRange(past.Tensors);

            var values = _session.Run(_runOptions, names, inputs, _outputNames).ToArray();
            return new ForwardResult(
                new LogitsView(values[0], Info.LogitsElementType, rows, sequence, Info.VocabularySize),
                KvCache.Adopt(Layout, values[1..], rows, total));
        }
        catch (OnnxRuntimeException ex)
        {
            throw new InvalidOperationException($"Forward pass of '{Info.OnnxPath}' failed ({rows} rows, {total} positions): {ex.Message}", ex);
        }
        finally
        {
            foreach (var value in owned)
            {
                value.Dispose();
            }
        }
    }

    /// <summary>
    /// A shared-cache graph's pass (<see cref="DecoderSignature.SharedCache"/>): <paramref name="sequence"/> new tokens
    /// for each of the <paramref name="rows"/> slots of <paramref name="cache"/> from <paramref name="firstSlot"/>, row r
    /// already holding <paramref name="lengths"/>[r] positions. The slots are bound as both past and present, so the pass
    /// writes the new positions in place. <paramref name="inputIds"/> is [rows, sequence]. The caller owns the logits.
    /// </summary>
    public LogitsView ForwardShared(SlotCache cache, int firstSlot, int rows, long[] inputIds, int[] lengths, int sequence)
    {
        var owned = new List<OrtValue>(Signature.PastNames.Count + 4);
        var total = 0;
        var seqlens = new int[rows];
        for (var r = 0; r < rows; r++)
        {
            seqlens[r] = lengths[r] + sequence - 1;
            total = Math.Max(total, lengths[r] + sequence);
        }

        if (total > cache.Capacity)
        {
            throw new InvalidOperationException($"A row of {total} positions does not fit the cache's {cache.Capacity}.");
        }

        try
        {
            using var binding = _session.CreateIoBinding();
            var ids = Integers(inputIds, rows * sequence, [rows, sequence], Signature.InputIdsType);
            owned.Add(ids);
            binding.BindInput(Signature.InputIds, ids);
            var lengthsValue = OrtValue.CreateTensorValueFromMemory(seqlens, [rows]);
            owned.Add(lengthsValue);
            binding.BindInput(Signature.SeqlensK!, lengthsValue);
            var totalValue = OrtValue.CreateTensorValueFromMemory(new[] { total }, []);
            owned.Add(totalValue);
            binding.BindInput(Signature.TotalSequenceLength!, totalValue);
            for (var t = 0; t < Signature.PastNames.Count; t++)
            {
                var view = cache.View(t, firstSlot, rows);
                owned.Add(view);
                binding.BindInput(Signature.PastNames[t], view);
                binding.BindOutput(Signature.PresentNames[t], view);
            }

            var logits = OrtValue.CreateAllocatedTensorValue(
                OrtAllocator.DefaultInstance,
                Info.LogitsElementType == TensorElementKind.Float16 ? TensorElementType.Float16 : TensorElementType.Float,
                [rows, sequence, Info.VocabularySize]);
            try
            {
                binding.BindOutput(Signature.Logits, logits);
                _session.RunWithBinding(_runOptions, binding);
                return new LogitsView(logits, Info.LogitsElementType, rows, sequence, Info.VocabularySize);
            }
            catch
            {
                logits.Dispose();
                throw;
            }
        }
        catch (OnnxRuntimeException ex)
        {
            throw new InvalidOperationException($"Forward pass of '{Info.OnnxPath}' failed ({rows} rows, {total} positions): {ex.Message}", ex);
        }
        finally
        {
            foreach (var value in owned)
            {
                value.Dispose();
            }
        }
    }

    public void Dispose()
    {
        _runOptions.Dispose();
        _session.Dispose();
    }

    private static OrtValue Integers(long[] values, int count, long[] shape, TensorElementType type)
    {
        if (type == TensorElementType.Int64)
        {
            return OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, values.AsMemory(0, count), shape);
        }

        var narrow = new int[count];
        for (var i = 0; i < count; i++)
        {
            narrow[i] = checked((int)values[i]);
        }

        return OrtValue.CreateTensorValueFromMemory(narrow, shape);
    }
}
