using System.Globalization;
using System.Text;
using DataFactory.Core.Problems;
using DataFactory.Core.Sampling;
using DataFactory.Core.Steps;
using DataFactory.Core.Verification;
using DataFactory.Storage;
using DataFactory.Storage.Import;
using DataFactory.Storage.Runs;
using DataFactory.Storage.Writing;

namespace DataFactory.Benchmarks.Regrade;

/// <summary>
/// A set as an older verifier revision (0) left it: per problem <c>traces</c> verified traces and
/// <c>rejected</c> rejected candidates of about <c>chars</c> characters, stored through the batch writer.
/// Revision 0's verdicts and reasons are the current revision's, except that every tenth problem carries the verifier bug the new revision fixes: one of its traces is wrong and
/// one of its rejected candidates is right, so a regrade moves 2 rows of every 10 problems.
/// </summary>
internal sealed class RegradeSeed(Func<DataFactoryDbContext> contexts, int traces, int rejected, int chars)
{
    private static readonly StepCheckerRegistry StepCheckers = StepCheckerRegistry.CreateDefault();
    private static readonly VerifierRegistry Verifiers = VerifierRegistry.CreateDefault();

    public int CandidatesPerProblem => traces + rejected;

    public static int Answer(int i) => i + (i / 2);

    public static bool Affected(int i) => i % 10 == 0;

    public async Task SeedAsync(string setName, int problems, CancellationToken cancellationToken)
    {
        var list = Enumerable.Range(0, problems).Select(Problem).ToList();
        RunCreated run;
        await using (var context = contexts())
        {
            await new ProblemSetStore(context).ImportAsync(setName, list, cancellationToken);
            run = await new RunStore(context).CreateRunAsync(new RunRequest
            {
                SetName = setName,
                Model = new ModelIdentity("bench-model"),
                Sampling = new SamplingOptions { Samples = CandidatesPerProblem },
                KeepRejected = true,
            }, cancellationToken);
        }

        foreach (var chunk in run.ProblemIds.Select((id, i) => (Id: id, Index: i)).Chunk(256))
        {
            await using var context = contexts();
            var outcomes = chunk.Select(p => Outcome(p.Id, list[p.Index], p.Index)).ToList();
            await new BatchWriter(context).WriteAsync(run.RunId, outcomes, cancellationToken);
        }
    }

    private ProblemOutcome Outcome(long problemId, Problem problem, int i)
    {
        var answer = Answer(i);
        var kept = new VerifiedTrace[traces];
        for (var k = 0; k < traces; k++)
        {
            var misjudged = Affected(i) && k == 0;
            var text = Text(i, k, misjudged ? answer + 1 : answer);

            // Revision 0 gave the verdict (and reason) the current one gives, except on the rows it misjudged.
            var verdict = misjudged ? Verdict.Correct((answer + 1).ToString(CultureInfo.InvariantCulture)) : Verifiers.Verify(problem, text);
            kept[k] = new VerifiedTrace(text, verdict, "math", text.Length / 4)
            {
                VerifierVersion = 0,
                StepCheck = StepCheckJson.Write(StepCheckers.Check(problem, text)),
            };
        }

        var wrong = new RejectedCandidate[rejected];
        for (var k = 0; k < rejected; k++)
        {
            var misjudged = Affected(i) && k == 0;
            var value = misjudged ? answer : answer + 1 + (k % 3);
            var text = Text(i, traces + k, value);
            var verdict = misjudged ? Verdict.Incorrect(value.ToString(CultureInfo.InvariantCulture), "not equivalent") : Verifiers.Verify(problem, text);
            wrong[k] = new RejectedCandidate(text, verdict, "math", 0, text.Length / 4);
        }

        return ProblemOutcome.Done(problemId, CandidatesPerProblem, traces, CandidatesPerProblem * (long)chars / 4, kept) with { Rejected = wrong };
    }

    private static Problem Problem(int i) => new()
    {
        Id = $"bench-{i:D8}",
        Prompt = $"Natalia sold clips to {i} of her friends in April, and then she sold half as many clips in May. How many clips did Natalia sell altogether in April and May? Put the final answer in \\boxed{{}}.",
        Kind = TaskKind.Math,
        Answer = Answer(i).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>A chain-of-thought sized text, distinct per candidate, ending in <c>\boxed{value}</c>.</summary>
    private string Text(int i, int candidate, int value)
    {
        var text = new StringBuilder(chars + 200);
        text.Append(CultureInfo.InvariantCulture, $"Let me think about this carefully (attempt {candidate}). In April Natalia sold clips to {i} friends. ");
        text.Append(CultureInfo.InvariantCulture, $"In May she sold half as many, which is {i / 2} when we round down. ");
        while (text.Length < chars - 80)
        {
            text.Append("I should double check the question: it asks for the total over both months, so I add the two amounts. ");
        }

        text.Append(CultureInfo.InvariantCulture, $"So the total is {value}. The answer is \\boxed{{{value}}}.");
        return text.ToString();
    }
}
