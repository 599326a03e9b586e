using DataFactory.Inference.Tokenization;

namespace DataFactory.Inference.Tests.Tokenization;

public sealed class TokenizerLoaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tokenizer-loader-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Llama_fixture_takes_special_ids_from_generation_config()
    {
        var tokenizer = TokenizerLoader.Load(TokenizerFixtures.Llama);

        Assert.Equal(1, tokenizer.EosTokenId);
        Assert.Equal([1], tokenizer.EosTokenIds);
        Assert.Equal(0, tokenizer.BosTokenId);
        Assert.Equal(2, tokenizer.PadTokenId);
        Assert.Equal(32000, tokenizer.VocabularySize);
        Assert.IsAssignableFrom<Microsoft.ML.Tokenizers.Tokenizer>(tokenizer.Inner);
    }

    [Fact]
    public void Gpt2_fixture_falls_back_to_config_json_and_counts_added_tokens()
    {
        var tokenizer = TokenizerLoader.Load(TokenizerFixtures.Gpt2);

        Assert.Equal(98, tokenizer.EosTokenId);
        Assert.Equal(50256 + 39, tokenizer.VocabularySize);
        Assert.True(tokenizer.TryGetTokenId("<|endoftext|>", out var endOfText));
        Assert.Equal(50256, endOfText);
        Assert.True(tokenizer.IsSpecialToken(50256));
        Assert.False(tokenizer.IsSpecialToken(50257));
    }

    [Fact]
    public void Qwen2_style_fixture_falls_back_to_tokenizer_config_tokens()
    {
        var tokenizer = TokenizerLoader.Load(TokenizerFixtures.Qwen2Style);

        Assert.True(tokenizer.TryGetTokenId("<|im_end|>", out var imEnd));
        Assert.True(tokenizer.TryGetTokenId("<|endoftext|>", out var endOfText));
        Assert.Equal(imEnd, tokenizer.EosTokenId);
        Assert.Equal(endOfText, tokenizer.PadTokenId);
        Assert.Null(tokenizer.BosTokenId);
    }

    [Fact]
    public void Eos_list_in_generation_config_gives_every_id()
    {
        CopyQwen2Style();
        File.WriteAllText(Path.Combine(_folder, "generation_config.json"), """{"eos_token_id": [578, 576], "bos_token_id": 577}""");

        var tokenizer = TokenizerLoader.Load(_folder);

        Assert.Equal(578, tokenizer.EosTokenId);
        Assert.Equal(new HashSet<int> { 576, 578 }, tokenizer.EosTokenIds.ToHashSet());
        Assert.Equal(577, tokenizer.BosTokenId);
    }

    [Fact]
    public void Missing_folder_is_a_tokenizer_error()
    {
        var error = Assert.Throws<TokenizerException>(() => TokenizerLoader.Load(Path.Combine(_folder, "absent")));

        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Folder_without_tokenizer_files_is_a_tokenizer_error()
    {
        var error = Assert.Throws<TokenizerException>(() => TokenizerLoader.Load(_folder));

        Assert.Contains("neither tokenizer.json nor tokenizer.model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsupported_model_type_is_named()
    {
        File.WriteAllText(Path.Combine(_folder, "tokenizer.json"), """{"model": {"type": "WordPiece", "vocab": {"a": 0}}}""");

        var error = Assert.Throws<TokenizerException>(() => TokenizerLoader.Load(_folder));

        Assert.Contains("'WordPiece' is not supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsupported_pre_tokenizer_is_named()
    {
        File.WriteAllText(Path.Combine(_folder, "tokenizer.json"), """
            {"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}, "pre_tokenizer": {"type": "BertPreTokenizer"}}
            """);

        var error = Assert.Throws<TokenizerException>(() => TokenizerLoader.Load(_folder));

        Assert.Contains("pre_tokenizer 'BertPreTokenizer' is not supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_with_a_token_outside_the_vocabulary_is_an_error()
    {
        File.WriteAllText(Path.Combine(_folder, "tokenizer.json"), """
            {"model": {"type": "BPE", "vocab": {"a": 0, "b": 1}, "merges": ["a b"]}}
            """);

        var error = Assert.Throws<TokenizerException>(() => TokenizerLoader.Load(_folder));

        Assert.Contains("'ab'", error.Message, StringComparison.Ordinal);
    }

    private void CopyQwen2Style()
    {
        foreach (var file in Directory.GetFiles(TokenizerFixtures.Qwen2Style, "tokenizer*.json"))
        {
            File.Copy(file, Path.Combine(_folder, Path.GetFileName(file)));
        }
    }
}
