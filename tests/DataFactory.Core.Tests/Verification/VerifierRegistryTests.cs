using DataFactory.Core.Problems;
using DataFactory.Core.Verification;
using DataFactory.Core.Verification.Exact;

namespace DataFactory.Core.Tests.Verification;

public sealed class VerifierRegistryTests
{
    [Fact]
    public void Every_built_in_verifier_has_a_version_the_registry_reports()
    {
        var registry = VerifierRegistry.CreateDefault();

        Assert.All(TaskKinds.All, kind =>
        {
            Assert.True(registry.For(kind).Version >= 1, $"{kind.ToName()} has no version");
            Assert.Equal(registry.For(kind).Version, registry.VersionOf(kind));
        });
        Assert.Equal(ExactMatchVerifier.CurrentVersion, registry.VersionOf(TaskKind.Exact));
        Assert.Equal(0, new VerifierRegistry([]).VersionOf(TaskKind.Math));
    }

    [Fact]
    public void Default_registry_has_a_verifier_for_every_task_kind()
    {
        var registry = VerifierRegistry.CreateDefault();
        foreach (var kind in TaskKinds.All)
        {
            Assert.Equal(kind, registry.For(kind).Kind);
        }

        Assert.Equal(TaskKinds.All.Count, registry.Kinds.Count);
    }

    [Fact]
    public void Verify_dispatches_on_the_problem_kind()
    {
        var registry = VerifierRegistry.CreateDefault();
        var game = new Problem { Id = "g", Prompt = "24", Kind = TaskKind.Game24, Numbers = [4, 7, 8, 1] };
        var exact = new Problem { Id = "e", Prompt = "?", Kind = TaskKind.Exact, Answer = "(8-4)*(7-1)" };
        Assert.True(registry.Verify(game, "\\boxed{(8-4)*(7-1)}").IsCorrect);
        Assert.True(registry.Verify(exact, "\\boxed{(8-4)*(7-1)}").IsCorrect);
        Assert.False(registry.Verify(exact, "\\boxed{(7-1)*(8-4)}").IsCorrect);
    }

    [Fact]
    public void A_kind_without_verifier_is_unsupported_in_Verify_and_throws_in_For()
    {
        var registry = new VerifierRegistry([new ExactMatchVerifier()]);
        var problem = new Problem { Id = "g", Prompt = "24", Kind = TaskKind.Game24, Numbers = [24] };
        Assert.Equal(VerdictStatus.Unsupported, registry.Verify(problem, "24").Status);
        Assert.Throws<KeyNotFoundException>(() => registry.For(TaskKind.Game24));
    }

    [Fact]
    public void Rejects_two_verifiers_for_one_kind()
    {
        Assert.Throws<ArgumentException>(() => new VerifierRegistry([new ExactMatchVerifier(), new ExactMatchVerifier()]));
    }

    [Fact]
    public void Verifies_from_many_threads_with_the_same_results()
    {
        var registry = VerifierRegistry.CreateDefault();
        var problem = new Problem { Id = "g", Prompt = "24", Kind = TaskKind.Game24, Numbers = [3, 3, 8, 8] };
        var candidates = Enumerable.Range(0, 2_000)
            .Select(i => i % 2 == 0 ? "\\boxed{8/(3-8/3)}" : $"\\boxed{{8*3+{i % 7}-3}}")
            .ToArray();
        var sequential = candidates.Select(c => registry.Verify(problem, c)).ToArray();
        var parallel = candidates.AsParallel().AsOrdered().Select(c => registry.Verify(problem, c)).ToArray();
        Assert.Equal(sequential, parallel);
        Assert.Equal(1_000, sequential.Count(v => v.IsCorrect));
    }
}
