using DataFactory.Inference.Tokenization;
using Google.Protobuf;

namespace DataFactory.Inference.Tests.Tokenization;

/// <summary>A folder with only a SentencePiece tokenizer.model loads through the library's LlamaTokenizer.</summary>
public sealed class SentencePieceModelTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sentencepiece-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Tokenizer_model_encodes_with_bos_from_tokenizer_config_and_round_trips()
    {
        // Pieces: unk, bos, eos, 256 byte pieces, then BPE pieces scored so longer pieces merge first.
        var pieces = new List<(string Piece, float Score, int Type)> { ("<unk>", 0, 2), ("<s>", 0, 3), ("</s>", 0, 3) };
        pieces.AddRange(Enumerable.Range(0, 256).Select(b => ($"<0x{b:X2}>", 0f, 6)));
        pieces.AddRange([("\u2581hi", -1, 1), ("\u2581h", -2, 1), ("hi", -3, 1), ("\u2581", -4, 1), ("h", -5, 1), ("i", -6, 1)]);
        File.WriteAllBytes(Path.Combine(_folder, "tokenizer.model"), ModelProto(pieces));
        File.WriteAllText(Path.Combine(_folder, "tokenizer_config.json"), """{"add_bos_token": true, "bos_token": "<s>", "eos_token": "</s>"}""");

        var tokenizer = TokenizerLoader.Load(_folder);
        var hi = pieces.FindIndex(p => p.Piece == "\u2581hi");

        Assert.IsType<Microsoft.ML.Tokenizers.LlamaTokenizer>(tokenizer.Inner);
        Assert.Equal([hi, hi], tokenizer.Encode("hi hi"));
        Assert.Equal([1, hi], tokenizer.Encode("hi", addSpecialTokens: true));
        Assert.Equal(2, tokenizer.EosTokenId);
        Assert.Equal("hi hi", tokenizer.Decode([.. tokenizer.Encode("hi hi")]));
        Assert.Equal("hi é", tokenizer.Decode([.. tokenizer.Encode("hi é")]));
    }

    private static byte[] ModelProto(IEnumerable<(string Piece, float Score, int Type)> pieces)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        foreach (var (piece, score, type) in pieces)
        {
            output.WriteTag(1, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(Message(o =>
            {
                o.WriteTag(1, WireFormat.WireType.LengthDelimited);
                o.WriteString(piece);
                o.WriteTag(2, WireFormat.WireType.Fixed32);
                o.WriteFloat(score);
                o.WriteTag(3, WireFormat.WireType.Varint);
                o.WriteEnum(type);
            }));
        }

        // TrainerSpec: model_type BPE (2), byte_fallback, unk/bos/eos/pad ids.
        output.WriteTag(2, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(Message(o =>
        {
            o.WriteTag(3, WireFormat.WireType.Varint);
            o.WriteEnum(2);
            o.WriteTag(35, WireFormat.WireType.Varint);
            o.WriteBool(true);
            o.WriteTag(40, WireFormat.WireType.Varint);
            o.WriteInt32(0);
            o.WriteTag(41, WireFormat.WireType.Varint);
            o.WriteInt32(1);
            o.WriteTag(42, WireFormat.WireType.Varint);
            o.WriteInt32(2);
            o.WriteTag(43, WireFormat.WireType.Varint);
            o.WriteInt32(-1);
        }));

        // NormalizerSpec: identity, dummy prefix, no whitespace squeezing, escape spaces as ▁.
        output.WriteTag(3, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(Message(o =>
        {
            o.WriteTag(1, WireFormat.WireType.LengthDelimited);
            o.WriteString("identity");
            o.WriteTag(3, WireFormat.WireType.Varint);
            o.WriteBool(true);
            o.WriteTag(4, WireFormat.WireType.Varint);
            o.WriteBool(false);
            o.WriteTag(5, WireFormat.WireType.Varint);
            o.WriteBool(true);
        }));
        output.Flush();
        return stream.ToArray();
    }

    private static ByteString Message(Action<CodedOutputStream> write)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        write(output);
        output.Flush();
        return ByteString.CopyFrom(stream.ToArray());
    }
}
