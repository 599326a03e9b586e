namespace DataFactory.Core.Steps.Labelling;

/// <summary>Rollouts a <see cref="FirstErrorSearch"/> asks for: of prefix <paramref name="Prefix"/>, rollout indices <paramref name="First"/> to <paramref name="First"/> + <paramref name="Count"/> − 1.</summary>
/// <param name="Prefix">The prefix: steps 0..Prefix.</param>
/// <param name="First">The first rollout index; a rollout's seed depends on its index, so chunks continue one sequence.</param>
/// <param name="Count">How many rollouts.</param>
public readonly record struct RolloutAsk(int Prefix, int First, int Count);
