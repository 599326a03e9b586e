using DataFactory.Inference.Runtime;

namespace DataFactory.Inference.Tests.Models;

public sealed class HalfConverterTests
{
    [Fact]
    public void Converts_every_float16_bit_pattern_exactly()
    {
        var halves = Enumerable.Range(0, 65536).Select(b => BitConverter.UInt16BitsToHalf((ushort)b)).ToArray();
        var floats = new float[halves.Length];

        HalfConverter.ToSingle(halves, floats);

        for (var i = 0; i < halves.Length; i++)
        {
            var expected = (float)halves[i];
            Assert.True(
                float.IsNaN(expected) ? float.IsNaN(floats[i]) : BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(floats[i]),
                $"bits {i:X4}: {floats[i]} vs {expected}");
        }
    }
}
