using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DataFactory.Inference.Models;

/// <summary>The names, element types and fixed dimensions of a KV-cache decoder graph's inputs and outputs.</summary>
internal sealed partial record DecoderSignature
{
    public required string InputIds { get; init; }

    public required TensorElementType InputIdsType { get; init; }

    /// <summary>The attention mask over the cache and the new tokens; null for a shared-cache graph (<see cref="SharedCache"/>).</summary>
    public string? AttentionMask { get; init; }

    public TensorElementType AttentionMaskType { get; init; } = TensorElementType.Int64;

    /// <summary>
    /// The per-row cache lengths (<c>seqlens_k</c>, each row's total length minus 1) of a graph built on ONNX Runtime's
    /// GroupQueryAttention; null for the Hugging Face layout. Such a graph takes no attention mask and no positions:
    /// every row of a batch has its own length, and one preallocated buffer can be both a layer's past and present.
    /// </summary>
    public string? SeqlensK { get; init; }

    /// <summary>The shared-cache graph's <c>total_sequence_length</c> scalar (the longest row's total length).</summary>
    public string? TotalSequenceLength { get; init; }

    /// <summary>Whether the graph keeps per-row lengths over a shared past/present buffer (<see cref="SeqlensK"/>).</summary>
    public bool SharedCache => SeqlensK is not null;

    public string? PositionIds { get; init; }

    public TensorElementType PositionIdsType { get; init; } = TensorElementType.Int64;

    /// <summary>The legacy Optimum merged decoder's switch between the prefill and the cached branch.</summary>
    public string? UseCacheBranch { get; init; }

    public required string Logits { get; init; }

    public required IReadOnlyList<string> PastNames { get; init; }

    public required IReadOnlyList<string> PresentNames { get; init; }

    public required TensorElementKind KvElementType { get; init; }

    public required TensorElementKind LogitsElementType { get; init; }

    /// <summary>Fixed dimension of the graph, or null where it is symbolic.</summary>
    public int? KvHeads { get; init; }

    public int? HeadSize { get; init; }

    public int? VocabularySize { get; init; }

    public int Layers => PastNames.Count / 2;

    /// <summary>Reads the signature, rejecting layouts the engine cannot drive with a message that says what differs.</summary>
    public static DecoderSignature Read(
        IReadOnlyDictionary<string, NodeMetadata> inputs,
        IReadOnlyDictionary<string, NodeMetadata> outputs,
        string path)
    {
        if (inputs.Keys.Any(name => CombinedPast().IsMatch(name)))
        {
            throw new ModelLoadException(
                $"'{path}' uses combined past_N cache tensors (older onnxruntime-genai layout); the engine needs the " +
                "Hugging Face / ONNX-community layout with past_key_values.N.key/value inputs and present.N.key/value outputs.");
        }

        var layers = inputs.Keys
            .Select(name => PastName().Match(name))
            .Where(match => match.Success)
            .Select(match => int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture))
            .Distinct()
            .Order()
            .ToArray();
        if (layers.Length == 0)
        {
            throw new ModelLoadException(
                $"'{path}' has no past_key_values.N.key/value inputs: the engine needs a decoder exported with its KV cache.");
        }

        if (layers[^1] != layers.Length - 1)
        {
            throw new ModelLoadException($"'{path}' has gaps in its past_key_values layer numbers.");
        }

        var pastNames = new List<string>(layers.Length * 2);
        var presentNames = new List<string>(layers.Length * 2);
        foreach (var layer in layers)
        {
            foreach (var part in (string[])["key", "value"])
            {
                var past = $"past_key_values.{layer}.{part}";
                Require(inputs, past, path);
                pastNames.Add(past);
                presentNames.Add(FindPresent(outputs, layer, part, path));
            }
        }

        Require(inputs, "input_ids", path);
        var shared = inputs.ContainsKey(SeqlensKName);
        if (shared)
        {
            Require(inputs, TotalLengthName, path);
            RequireInt32(inputs[SeqlensKName], SeqlensKName, path);
            RequireInt32(inputs[TotalLengthName], TotalLengthName, path);
        }
        else
        {
            Require(inputs, "attention_mask", path);
        }

        var logits = outputs.ContainsKey("logits") ? "logits" : throw new ModelLoadException($"'{path}' has no 'logits' output.");
        string[] known = shared
            ? ["input_ids", SeqlensKName, TotalLengthName]
            : ["input_ids", "attention_mask", "position_ids", "use_cache_branch"];
        var unknown = inputs.Keys.Where(name => !known.Contains(name) && !pastNames.Contains(name)).ToArray();
        if (unknown.Length > 0)
        {
            throw new ModelLoadException($"'{path}' has inputs the engine does not know how to feed: {string.Join(", ", unknown)}.");
        }

        var kv = inputs[pastNames[0]];
        var logitsMeta = outputs[logits];
        return new DecoderSignature
        {
            InputIds = "input_ids",
            InputIdsType = IntegerType(inputs["input_ids"], "input_ids", path),
            AttentionMask = shared ? null : "attention_mask",
            AttentionMaskType = shared ? TensorElementType.Int64 : IntegerType(inputs["attention_mask"], "attention_mask", path),
            SeqlensK = shared ? SeqlensKName : null,
            TotalSequenceLength = shared ? TotalLengthName : null,
            PositionIds = inputs.ContainsKey("position_ids") ? "position_ids" : null,
            PositionIdsType = inputs.TryGetValue("position_ids", out var positions)
                ? IntegerType(positions, "position_ids", path)
                : TensorElementType.Int64,
            UseCacheBranch = inputs.ContainsKey("use_cache_branch") ? "use_cache_branch" : null,
            Logits = logits,
            PastNames = pastNames,
            PresentNames = presentNames,
            KvElementType = FloatKind(kv, pastNames[0], path),
            LogitsElementType = FloatKind(logitsMeta, logits, path),
            KvHeads = Fixed(kv.Dimensions, 1),
            HeadSize = Fixed(kv.Dimensions, 3),
            VocabularySize = Fixed(logitsMeta.Dimensions, 2),
        };
    }

    private static string FindPresent(IReadOnlyDictionary<string, NodeMetadata> outputs, int layer, string part, string path)
    {
        foreach (var name in (string[])[$"present.{layer}.{part}", $"present_key_values.{layer}.{part}"])
        {
            if (outputs.ContainsKey(name))
            {
                return name;
            }
        }

        throw new ModelLoadException($"'{path}' has no present.{layer}.{part} output to feed back as its cache.");
    }

    private static void Require(IReadOnlyDictionary<string, NodeMetadata> inputs, string name, string path)
    {
        if (!inputs.ContainsKey(name))
        {
            throw new ModelLoadException($"'{path}' has no '{name}' input.");
        }
    }

    private const string SeqlensKName = "seqlens_k";

    private const string TotalLengthName = "total_sequence_length";

    private static void RequireInt32(NodeMetadata meta, string name, string path)
    {
        if (meta.ElementDataType != TensorElementType.Int32)
        {
            throw new ModelLoadException($"'{path}': input '{name}' is {meta.ElementDataType}; GroupQueryAttention takes int32.");
        }
    }

    private static TensorElementType IntegerType(NodeMetadata meta, string name, string path) =>
        meta.ElementDataType is TensorElementType.Int64 or TensorElementType.Int32
            ? meta.ElementDataType
            : throw new ModelLoadException($"'{path}': input '{name}' is {meta.ElementDataType}; expected int64 or int32.");

    private static TensorElementKind FloatKind(NodeMetadata meta, string name, string path) => meta.ElementDataType switch
    {
        TensorElementType.Float => TensorElementKind.Float32,
        TensorElementType.Float16 => TensorElementKind.Float16,
        _ => throw new ModelLoadException($"'{path}': '{name}' is {meta.ElementDataType}; the engine handles float32 and float16."),
    };

    private static int? Fixed(int[] dimensions, int axis) =>
        dimensions.Length > axis && dimensions[axis] > 0 ? dimensions[axis] : null;

    [GeneratedRegex(@"^past_key_values\.(\d+)\.(key|value)$")]
    private static partial Regex PastName();

    [GeneratedRegex(@"^past_\d+$")]
    private static partial Regex CombinedPast();
}
