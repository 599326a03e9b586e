using System.Collections.Frozen;
using DataFactory.Core.Problems;
using DataFactory.Core.Verification.Choice;
using DataFactory.Core.Verification.Cipher;
using DataFactory.Core.Verification.Code;
using DataFactory.Core.Verification.Exact;
using DataFactory.Core.Verification.MathAnswers;
using DataFactory.Core.Verification.Puzzles;

namespace DataFactory.Core.Verification;

/// <summary>
/// The verifier for each task kind. Immutable after construction and safe to share between
/// threads; verifiers themselves are pure.
/// </summary>
public sealed class VerifierRegistry
{
    private readonly FrozenDictionary<TaskKind, IVerifier> _byKind;

    /// <summary>A registry of the given verifiers, at most one per kind.</summary>
    /// <exception cref="ArgumentException">Two verifiers claim the same kind.</exception>
    public VerifierRegistry(IEnumerable<IVerifier> verifiers)
    {
        ArgumentNullException.ThrowIfNull(verifiers);
        var byKind = new Dictionary<TaskKind, IVerifier>();
        foreach (var verifier in verifiers)
        {
            ArgumentNullException.ThrowIfNull(verifier, nameof(verifiers));
            if (!byKind.TryAdd(verifier.Kind, verifier))
            {
                throw new ArgumentException($"Two verifiers for kind {Name(verifier.Kind)}.", nameof(verifiers));
            }
        }

        _byKind = byKind.ToFrozenDictionary();
    }

    /// <summary>The kinds that have a verifier.</summary>
    public IReadOnlyCollection<TaskKind> Kinds => _byKind.Keys;

    /// <summary>
    /// The registry with every built-in verifier: one per <see cref="TaskKind"/>. Code candidates get an
    /// unsupported verdict, since running them needs a sandbox; see <see cref="CreateDefault(ICodeTestRunner)"/>.
    /// </summary>
    public static VerifierRegistry CreateDefault() => CreateDefault(null);

    /// <summary>
    /// The registry with every built-in verifier, code problems checked by running their tests with
    /// <paramref name="codeTests"/> (null: code candidates get an unsupported verdict).
    /// </summary>
    public static VerifierRegistry CreateDefault(ICodeTestRunner? codeTests) => CreateDefault(codeTests, null);

    /// <summary>
    /// The registry with every built-in verifier, code checked with <paramref name="codeTests"/> (null:
    /// unsupported) and math with <paramref name="math"/> (null: the defaults).
    /// </summary>
    public static VerifierRegistry CreateDefault(ICodeTestRunner? codeTests, MathVerifierOptions? math) => new(
    [
        new MathVerifier(math),
        new ExactMatchVerifier(),
        new MultipleChoiceVerifier(),
        new Game24Verifier(),
        new CountdownVerifier(),
        new CipherVerifier(),
        new CodeVerifier(codeTests),
    ]);

    /// <summary>The verifier for <paramref name="kind"/>.</summary>
    /// <exception cref="KeyNotFoundException">No verifier is registered for the kind.</exception>
    public IVerifier For(TaskKind kind) =>
        _byKind.TryGetValue(kind, out var verifier)
            ? verifier
            : throw new KeyNotFoundException($"No verifier for task kind {Name(kind)}.");

    /// <summary>The revision of the verifier of <paramref name="kind"/>, or 0 when there is none.</summary>
    public int VersionOf(TaskKind kind) => _byKind.TryGetValue(kind, out var verifier) ? verifier.Version : 0;

    /// <summary>Checks <paramref name="candidate"/> with the verifier of the problem's kind; a kind without one gets an unsupported verdict.</summary>
    public Verdict Verify(Problem problem, string candidate)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return _byKind.TryGetValue(problem.Kind, out var verifier)
            ? verifier.Verify(problem, candidate)
            : Verdict.Unsupported($"no verifier for task kind {Name(problem.Kind)}");
    }

    /// <summary>Null when the problem's verifier can judge it; else why not (see <see cref="IVerifier.CheckProblem"/>).</summary>
    public string? CheckProblem(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return _byKind.TryGetValue(problem.Kind, out var verifier)
            ? verifier.CheckProblem(problem)
            : $"no verifier for task kind {Name(problem.Kind)}";
    }

    private static string Name(TaskKind kind) => Enum.IsDefined(kind) ? kind.ToName() : kind.ToString();
}
