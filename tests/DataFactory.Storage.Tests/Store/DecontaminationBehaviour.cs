using DataFactory.Core.Decontamination;
using DataFactory.Core.Problems;
using DataFactory.Storage.Decontamination;
using DataFactory.Storage.Import;
using DataFactory.Storage.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;

namespace DataFactory.Storage.Tests.Store;

/// <summary>Marks from decontamination, on each provider: stored with their item, never deleting, stronger marks win.</summary>
public abstract class DecontaminationBehaviour(IStoreDatabase database)
{
    private const string Copied = "A farmer has 17 sheep and buys 5 more at the market on Monday, then sells 3 of them on Friday. How many sheep does the farmer have now?";

    [Fact]
    public async Task Marks_contaminated_problems_with_their_item_keeps_them_and_lets_only_a_stronger_mark_replace_one()
    {
        var set = TestData.NewSetName();
        Problem[] problems =
        [
            new() { Id = "copy", Prompt = Copied, Kind = TaskKind.Math, Answer = "19" },
            new() { Id = "clean", Prompt = "What is 2 + 3?", Kind = TaskKind.Math, Answer = "5" },
        ];
        await using var context = database.CreateContext();
        await new ProblemSetStore(context).ImportAsync(set, problems, CancellationToken.None);

        // First a weak match (the item embedded with much more text around it), then the exact copy.
        var weak = Index(new BenchmarkItem("bench-a", "a1", Copied + " Then he buys twice as many goats as he has sheep and sells half of all his animals at the autumn fair."));
        var first = await new SetDecontaminator(context).DecontaminateAsync(set, weak, CancellationToken.None);
        var exact = Index(new BenchmarkItem("bench-b", "b7", Copied.ToUpperInvariant()));
        var second = await new SetDecontaminator(context).DecontaminateAsync(set, exact, CancellationToken.None);
        var third = await new SetDecontaminator(context).DecontaminateAsync(set, weak, CancellationToken.None);

        Assert.Equal(2, first.Checked);
        Assert.Equal("copy", Assert.Single(first.Flags).ProblemId);
        Assert.InRange(first.Flags[0].Match.Overlap, 0.2, 0.99);
        Assert.Equal(1.0, Assert.Single(second.Flags).Match.Overlap);
        Assert.Single(third.Flags);
        await using var read = database.CreateContext();
        var stored = await read.Problems.AsNoTracking()
            .Where(p => p.ExternalId == "copy" || p.ExternalId == "clean")
            .Join(read.ProblemSets.Where(s => s.Name == set), p => p.SetId, s => s.Id, (p, _) => p)
            .OrderBy(p => p.ExternalId)
            .ToListAsync();
        Assert.Equal(2, stored.Count);
        Assert.Null(stored[0].ContaminationBenchmark);
        Assert.Equal(("bench-b", "b7", 1.0), (stored[1].ContaminationBenchmark, stored[1].ContaminationBenchmarkId, stored[1].ContaminationOverlap));
    }

    [Fact]
    public async Task A_set_reads_as_benchmark_items_and_an_unknown_set_is_named()
    {
        var set = TestData.NewSetName();
        await using var context = database.CreateContext();
        await new ProblemSetStore(context).ImportAsync(set, [new() { Id = "q1", Prompt = Copied, Kind = TaskKind.Math, Answer = "19" }], CancellationToken.None);

        var items = await new SetDecontaminator(context).LoadItemsAsync(set, CancellationToken.None);

        Assert.Equal(new BenchmarkItem(set, "q1", Copied), Assert.Single(items));
        var missing = await Assert.ThrowsAsync<InvalidOperationException>(() => new SetDecontaminator(context).LoadItemsAsync("no-such-set", CancellationToken.None));
        Assert.Equal("No problem set named 'no-such-set'.", missing.Message);
    }

    private static ContaminationIndex Index(BenchmarkItem item)
    {
        var index = new ContaminationIndex(new DecontaminationOptions());
        index.Add(item);
        return index;
    }
}
