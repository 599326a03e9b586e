using System.Text.Json;
using DataFactory.Inference.Tokenization.Json;
using Microsoft.ML.Tokenizers;

namespace DataFactory.Inference.Tokenization;

/// <summary>
/// Loads the tokenizer of a Hugging Face / ONNX-community model folder. tokenizer.json is read
/// when present (it carries the full pipeline and every added token); otherwise a SentencePiece
/// tokenizer.model loads through the library's <see cref="LlamaTokenizer"/>.
/// </summary>
public static class TokenizerLoader
{
    /// <summary>Loads the tokenizer and special token ids of a model folder.</summary>
    /// <param name="modelDirectory">Folder with tokenizer.json or tokenizer.model, and optionally
    /// tokenizer_config.json, generation_config.json and config.json.</param>
    /// <returns>The tokenizer.</returns>
    /// <exception cref="TokenizerException">The folder has no usable tokenizer, or it uses an unsupported feature.</exception>
    public static ModelTokenizer Load(string modelDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelDirectory);
        if (!Directory.Exists(modelDirectory))
        {
            throw new TokenizerException($"Model folder '{modelDirectory}' does not exist.");
        }

        var config = TokenizerConfig.Load(modelDirectory);
        var backend = LoadBackend(modelDirectory, config);

        using var generation = ReadOptional(Path.Combine(modelDirectory, "generation_config.json"));
        using var model = ReadOptional(Path.Combine(modelDirectory, "config.json"));
        var eos = FirstIds(generation, model, "eos_token_id");
        if (eos.Count == 0 && TokenId(backend, config.EosToken) is { } eosFromConfig)
        {
            eos.Add(eosFromConfig);
        }

        var bos = FirstIds(generation, model, "bos_token_id") is [var b, ..] ? b : TokenId(backend, config.BosToken);
        var pad = FirstIds(generation, model, "pad_token_id") is [var p, ..] ? p : TokenId(backend, config.PadToken);
        return new ModelTokenizer(backend, eos, bos, pad);
    }

    private static ITokenizerBackend LoadBackend(string modelDirectory, TokenizerConfig config)
    {
        var json = Path.Combine(modelDirectory, "tokenizer.json");
        if (File.Exists(json))
        {
            return TokenizerJsonReader.Read(json);
        }

        var sentencePiece = Path.Combine(modelDirectory, "tokenizer.model");
        if (File.Exists(sentencePiece))
        {
            using var stream = File.OpenRead(sentencePiece);
            var specials = config.AddedTokens.Count > 0 ? config.AddedTokens : null;
            try
            {
                var llama = LlamaTokenizer.Create(stream, addBeginOfSentence: false, addEndOfSentence: false, specialTokens: specials);
                return new SentencePieceModelBackend(llama, config.AddBosToken ?? true, config.AddEosToken ?? false);
            }
            catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or Google.Protobuf.InvalidProtocolBufferException)
            {
                throw new TokenizerException($"{sentencePiece} could not be read as a SentencePiece model: {exception.Message}", exception);
            }
        }

        throw new TokenizerException($"Model folder '{modelDirectory}' has neither tokenizer.json nor tokenizer.model.");
    }

    private static JsonDocument? ReadOptional(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException exception)
        {
            throw new TokenizerException($"{path} is not valid JSON: {exception.Message}", exception);
        }
    }

    private static List<int> FirstIds(JsonDocument? generation, JsonDocument? model, string name)
    {
        if (generation is not null && JsonFields.Ids(generation.RootElement, name) is { Count: > 0 } fromGeneration)
        {
            return fromGeneration;
        }

        return model is not null ? JsonFields.Ids(model.RootElement, name) : [];
    }

    private static int? TokenId(ITokenizerBackend backend, string? token) =>
        token is not null && backend.TryGetTokenId(token, out var id) ? id : null;
}
