using DataFactory.Inference.Models;
using DataFactory.Inference.Runtime;

namespace DataFactory.Inference.Tests.Runtime;

public sealed class SlotCacheTests
{
    // 2 tensors (one layer's key and value), 2 heads, 3 values per position.
    private static readonly KvLayout Layout = new(2, 2, 3, TensorElementKind.Float32);

    [Fact]
    public void A_view_covers_exactly_its_slots_of_the_shared_memory()
    {
        using var cache = new SlotCache(Layout, slots: 3, capacity: 4);
        using (var second = cache.View(0, firstSlot: 1, rows: 1))
        {
            Assert.Equal([1L, 2, 4, 3], second.GetTensorTypeAndShape().Shape);
            second.GetTensorMutableDataAsSpan<float>().Fill(7);
        }

        using var all = cache.View(0, firstSlot: 0, rows: 3);
        var values = all.GetTensorDataAsSpan<float>().ToArray();
        var perSlot = 2 * 4 * 3;
        Assert.All(values[..perSlot], v => Assert.Equal(0, v));
        Assert.All(values[perSlot..(2 * perSlot)], v => Assert.Equal(7, v));
        Assert.All(values[(2 * perSlot)..], v => Assert.Equal(0, v));
        Assert.Throws<ArgumentOutOfRangeException>(() => cache.View(0, firstSlot: 2, rows: 2));
    }

    [Fact]
    public void Copying_a_row_moves_its_first_positions_of_every_head_and_tensor_and_nothing_else()
    {
        using var cache = new SlotCache(Layout, slots: 2, capacity: 4);
        for (var t = 0; t < Layout.Tensors; t++)
        {
            using var view = cache.View(t, 0, 1);
            var span = view.GetTensorMutableDataAsSpan<float>();
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (100 * (t + 1)) + i;
            }
        }

        cache.CopyRow(cache, from: 0, to: 1, length: 2);

        for (var t = 0; t < Layout.Tensors; t++)
        {
            using var source = cache.View(t, 0, 1);
            using var target = cache.View(t, 1, 1);
            var from = source.GetTensorDataAsSpan<float>();
            var to = target.GetTensorDataAsSpan<float>();
            for (var h = 0; h < 2; h++)
            {
                var head = h * 4 * 3;
                Assert.Equal(from.Slice(head, 2 * 3).ToArray(), to.Slice(head, 2 * 3).ToArray());
                Assert.All(to.Slice(head + (2 * 3), 2 * 3).ToArray(), v => Assert.Equal(0, v));
            }
        }
    }

    [Fact]
    public void Copies_between_caches_of_another_shape_or_past_the_capacity_are_refused()
    {
        using var cache = new SlotCache(Layout, slots: 2, capacity: 4);
        using var longer = new SlotCache(Layout, slots: 1, capacity: 8);

        Assert.Throws<ArgumentException>(() => cache.CopyRow(longer, 0, 0, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => cache.CopyRow(cache, 0, 1, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => cache.CopyRow(cache, 0, 2, 1));
    }
}
