namespace DataFactory.Inference.Models;

/// <summary>Finds the ONNX decoder inside a Hugging Face / ONNX-community model folder.</summary>
internal static class ModelFolder
{
    // Searched in this order; the merged decoder is the legacy Optimum export with a use_cache_branch input.
    private static readonly string[] StandardNames =
    [
        "model.onnx",
        Path.Combine("onnx", "model.onnx"),
        "decoder_model_merged.onnx",
        Path.Combine("onnx", "decoder_model_merged.onnx"),
    ];

    /// <summary>
    /// The decoder file of <paramref name="directory"/>: the named variant when <paramref name="variant"/> is given
    /// (<c>model_q4</c>, <c>model_q4.onnx</c> or a relative path), else the first standard name that exists, else the
    /// only <c>.onnx</c> file of <c>onnx/</c>.
    /// </summary>
    public static string FindDecoder(string directory, string? variant)
    {
        if (!Directory.Exists(directory))
        {
            throw new ModelLoadException($"Model folder '{directory}' does not exist.");
        }

        if (!string.IsNullOrWhiteSpace(variant))
        {
            return FindVariant(directory, variant);
        }

        foreach (var name in StandardNames)
        {
            var path = Path.Combine(directory, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        var onnxFolder = Path.Combine(directory, "onnx");
        var others = Directory.Exists(onnxFolder)
            ? Directory.GetFiles(onnxFolder, "*.onnx").Order(StringComparer.Ordinal).ToArray()
            : [];
        if (others.Length == 1)
        {
            return others[0];
        }

        if (others.Length > 1)
        {
            var names = string.Join(", ", others.Select(Path.GetFileName));
            throw new ModelLoadException(
                $"Model folder '{directory}' has no model.onnx but several variants in onnx/ ({names}); name one (--model-file).");
        }

        if (File.Exists(Path.Combine(directory, "past.onnx")) || File.Exists(Path.Combine(directory, "genai_config.json")))
        {
            throw new ModelLoadException(
                $"Model folder '{directory}' is in the older onnxruntime-genai layout (past.onnx, genai_config.json); " +
                "export it in the Hugging Face / ONNX-community layout (model.onnx with past_key_values.N.key/value).");
        }

        throw new ModelLoadException(
            $"Model folder '{directory}' has no decoder: looked for {string.Join(", ", StandardNames)} and onnx/*.onnx.");
    }

    private static string FindVariant(string directory, string variant)
    {
        var fileName = variant.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) ? variant : variant + ".onnx";
        string[] candidates = [Path.Combine(directory, fileName), Path.Combine(directory, "onnx", fileName)];
        foreach (var path in candidates)
        {
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new ModelLoadException(
            $"Model variant '{variant}' not found in '{directory}': looked for {string.Join(" and ", candidates)}.");
    }
}
