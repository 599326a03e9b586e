using System.Text;

namespace DataFactory.Cli.Commands;

/// <summary>
/// The bytes of a one-node ONNX model, C = A × B with A [m, k] and B [k, n] as float32 graph inputs, written as
/// protobuf by hand so the benchmark can time ONNX Runtime's own MatMul (the machine's matmul peak) without files.
/// </summary>
internal static class BenchMatmulModel
{
    private const int Float32 = 1;

    public static byte[] Build(long m, long k, long n)
    {
        var node = Concat(Text(1, "A"), Text(1, "B"), Text(2, "C"), Text(4, "MatMul"));
        var graph = Concat(
            Message(1, node),
            Text(2, "matmul"),
            Message(11, Tensor("A", m, k)),
            Message(11, Tensor("B", k, n)),
            Message(12, Tensor("C", m, n)));
        var opset = Concat(Text(1, string.Empty), Varint(2, 17));
        return Concat(Varint(1, 8), Message(8, opset), Message(7, graph));
    }

    // ValueInfoProto { name = 1; type = 2 { tensor_type = 1 { elem_type = 1; shape = 2 { dim = 1 { dim_value = 1 } } } } }
    private static byte[] Tensor(string name, long rows, long columns)
    {
        var shape = Concat(Message(1, Varint(1, rows)), Message(1, Varint(1, columns)));
        var tensorType = Concat(Varint(1, Float32), Message(2, shape));
        return Concat(Text(1, name), Message(2, Message(1, tensorType)));
    }

    private static byte[] Text(int field, string value) => Message(field, Encoding.UTF8.GetBytes(value));

    private static byte[] Message(int field, byte[] payload) =>
        Concat(RawVarint(((ulong)field << 3) | 2), RawVarint((ulong)payload.Length), payload);

    private static byte[] Varint(int field, long value) => Concat(RawVarint((ulong)field << 3), RawVarint((ulong)value));

    private static byte[] RawVarint(ulong value)
    {
        var bytes = new List<byte>(10);
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(part => part)];
}
