using System.Text.Json.Nodes;

namespace DataFactory.Inference.Tests.Chat;

/// <summary>A copy of the bundled model whose tokenizer_config.json carries another chat template.</summary>
internal static class ForeignTemplateModel
{
    /// <summary>Gemma's turn markers: a family the engine does not render.</summary>
    public const string Gemma = "{{ bos_token }}{% for message in messages %}{{ '<start_of_turn>' + message['role'] + '\\n' + message['content'] + '<end_of_turn>\\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<start_of_turn>model\\n' }}{% endif %}";

    public static void CopyTo(TempFolder folder, string template)
    {
        foreach (var file in new[] { "config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json" })
        {
            File.Copy(Path.Combine(RepoPaths.Bundled, file), folder.File(file));
        }

        Directory.CreateDirectory(folder.File("onnx"));
        foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.Bundled, "onnx")))
        {
            File.Copy(file, folder.File(Path.Combine("onnx", Path.GetFileName(file))));
        }

        var config = JsonNode.Parse(File.ReadAllText(folder.File("tokenizer_config.json")))!.AsObject();
        config["chat_template"] = template;
        File.WriteAllText(folder.File("tokenizer_config.json"), config.ToJsonString());
    }
}
