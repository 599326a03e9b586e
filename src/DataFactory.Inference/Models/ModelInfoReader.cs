namespace DataFactory.Inference.Models;

/// <summary>Joins what the graph declares with <c>config.json</c>, refusing a pair that disagree.</summary>
internal static class ModelInfoReader
{
    public static ModelInfo Combine(string directory, string onnxPath, DecoderSignature signature, ModelConfig config)
    {
        var layers = Agree("layers", signature.Layers, config.Layers, onnxPath);
        var kvHeads = Agree("KV heads", signature.KvHeads, config.KvHeads, onnxPath);
        var headSize = Agree("head size", signature.HeadSize, config.HeadSize, onnxPath);
        var vocabulary = Agree("vocabulary", signature.VocabularySize, config.VocabularySize, onnxPath);
        var context = config.ContextLength
            ?? throw new ModelLoadException($"'{Path.Combine(directory, "config.json")}' gives no context length (max_position_embeddings).");

        return new ModelInfo
        {
            Directory = directory,
            OnnxPath = onnxPath,
            ModelType = config.ModelType,
            Layers = layers,
            KvHeads = kvHeads,
            HeadSize = headSize,
            VocabularySize = vocabulary,
            ContextLength = context,
            KvElementType = signature.KvElementType,
            LogitsElementType = signature.LogitsElementType,
            EosTokenIds = config.EosTokenIds,
            HiddenSize = config.HiddenSize,
            FlopsPerToken = FlopsPerToken(config, layers, kvHeads, headSize, vocabulary),
        };
    }

    private static int Agree(string what, int? graph, int? config, string onnxPath)
    {
        if (graph is { } g && config is { } c && g != c)
        {
            throw new ModelLoadException($"'{onnxPath}' has {g} {what} but config.json says {c}.");
        }

        return graph ?? config
            ?? throw new ModelLoadException($"The {what} of '{onnxPath}' is neither fixed in the graph nor given in config.json.");
    }

    // Two FLOPs per weight a token meets: attention projections, the MLP (gated unless GPT-2-like) and the output head.
    private static long FlopsPerToken(ModelConfig config, int layers, int kvHeads, int headSize, int vocabulary)
    {
        if (config.HiddenSize is not { } hidden || config.AttentionHeads is not { } heads)
        {
            return 0;
        }

        var intermediate = config.IntermediateSize ?? (4L * hidden);
        var gated = config.ModelType is not ("gpt2" or "gpt_neox" or "gptj" or "opt" or "bloom" or "falcon");
        long attention = (2L * hidden * heads * headSize) + (2L * hidden * kvHeads * headSize);
        var mlp = (gated ? 3L : 2L) * hidden * intermediate;
        return 2L * ((layers * (attention + mlp)) + ((long)hidden * vocabulary));
    }
}
