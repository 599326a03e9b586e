using DataFactory.Inference.Models;
using DataFactory.Inference.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataFactory.Inference.Tests.Models;

public sealed class ModelLoadingTests
{
    [Fact]
    public void Reads_layers_heads_and_fp16_types_from_the_graph()
    {
        using var model = DecoderModel.Load(new EngineOptions { ModelDirectory = RepoPaths.LlamaFp16, Provider = ExecutionProvider.Cpu }, NullLogger.Instance);

        var info = model.Info;
        Assert.Equal(2, info.Layers);
        Assert.Equal(1, info.KvHeads);
        Assert.Equal(16, info.HeadSize);
        Assert.Equal(32000, info.VocabularySize);
        Assert.Equal(2048, info.ContextLength);
        Assert.Equal(TensorElementKind.Float16, info.KvElementType);
        Assert.Equal(TensorElementKind.Float16, info.LogitsElementType);
        Assert.Contains(1, info.EosTokenIds);
        Assert.Equal("model_fp16.onnx", Path.GetFileName(info.OnnxPath));
        Assert.Equal(SessionFactory.CpuName, model.ProviderName);
    }

    [Fact]
    public void Finds_the_only_variant_in_the_onnx_folder_and_a_named_one()
    {
        Assert.EndsWith(Path.Combine("onnx", "model_fp16.onnx"), ModelFolder.FindDecoder(RepoPaths.LlamaFp16, null));
        Assert.EndsWith(Path.Combine("onnx", "model_fp16.onnx"), ModelFolder.FindDecoder(RepoPaths.LlamaFp16, "model_fp16"));
    }

    [Fact]
    public void Prefers_model_onnx_then_onnx_folder_then_merged_decoder()
    {
        using var folder = new TempFolder();
        folder.Touch("decoder_model_merged.onnx");
        Assert.EndsWith("decoder_model_merged.onnx", ModelFolder.FindDecoder(folder.Path, null));
        folder.Touch(Path.Combine("onnx", "model.onnx"));
        Assert.EndsWith(Path.Combine("onnx", "model.onnx"), ModelFolder.FindDecoder(folder.Path, null));
        folder.Touch("model.onnx");
        Assert.Equal(Path.Combine(folder.Path, "model.onnx"), ModelFolder.FindDecoder(folder.Path, null));
        folder.Touch(Path.Combine("onnx", "model_q4.onnx"));
        Assert.EndsWith(Path.Combine("onnx", "model_q4.onnx"), ModelFolder.FindDecoder(folder.Path, "model_q4"));
    }

    [Fact]
    public void Names_the_variants_when_several_exist_and_none_is_chosen()
    {
        using var folder = new TempFolder();
        folder.Touch(Path.Combine("onnx", "model_q4.onnx"));
        folder.Touch(Path.Combine("onnx", "model_fp16.onnx"));

        var error = Assert.Throws<ModelLoadException>(() => ModelFolder.FindDecoder(folder.Path, null));
        Assert.Contains("model_q4.onnx", error.Message);
        Assert.Contains("model_fp16.onnx", error.Message);
    }

    [Fact]
    public void Rejects_a_missing_variant_naming_where_it_looked()
    {
        var error = Assert.Throws<ModelLoadException>(() => ModelFolder.FindDecoder(RepoPaths.LlamaFp16, "model_q4"));
        Assert.Contains("model_q4", error.Message);
    }

    [Fact]
    public void Rejects_the_older_genai_layout_with_a_clear_error()
    {
        var error = Assert.Throws<ModelLoadException>(() =>
            DecoderModel.Load(new EngineOptions { ModelDirectory = RepoPaths.LegacyGpt2, Provider = ExecutionProvider.Cpu }, NullLogger.Instance));
        Assert.Contains("onnxruntime-genai layout", error.Message);
    }

    [Fact]
    public void Rejects_combined_past_tensors_when_the_legacy_graph_is_named()
    {
        var error = Assert.Throws<ModelLoadException>(() => DecoderModel.Load(
            new EngineOptions { ModelDirectory = RepoPaths.LegacyGpt2, ModelFileName = "past", Provider = ExecutionProvider.Cpu },
            NullLogger.Instance));
        Assert.Contains("past_key_values.N.key/value", error.Message);
    }

    [Fact]
    public void Rejects_a_config_that_disagrees_with_the_graph()
    {
        using var folder = new TempFolder();
        folder.CopyFrom(RepoPaths.LlamaFp16);
        var config = File.ReadAllText(folder.File("config.json")).Replace("\"num_hidden_layers\":2", "\"num_hidden_layers\":3", StringComparison.Ordinal);
        File.WriteAllText(folder.File("config.json"), config);

        var error = Assert.Throws<ModelLoadException>(() =>
            DecoderModel.Load(new EngineOptions { ModelDirectory = folder.Path, Provider = ExecutionProvider.Cpu }, NullLogger.Instance));
        Assert.Contains("2 layers but config.json says 3", error.Message);
    }
}
