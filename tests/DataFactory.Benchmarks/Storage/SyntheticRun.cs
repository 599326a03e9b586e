using System.Globalization;
using System.Text;
using DataFactory.Core.Problems;
using DataFactory.Core.Sampling;
using DataFactory.Core.Verification;
using DataFactory.Storage.Import;
using DataFactory.Storage.Runs;
using DataFactory.Storage.Writing;

namespace DataFactory.Benchmarks.Storage;

/// <summary>
/// A synthetic set and run: math problems, and per problem a fixed number of distinct verified
/// traces of about <c>textChars</c> characters (chain-of-thought sized), written in batches.
/// </summary>
internal sealed class SyntheticRun(BenchDatabase database, int tracesPerProblem, int textChars)
{
    private readonly string[] _bodies = Bodies(textChars);

    public static Problem Problem(int i) => new()
    {
        Id = $"bench-{i:D8}",
        Prompt = $"Natalia sold clips to {i} of her friends in April, and then she sold half as many clips in May. How many clips did Natalia sell altogether in April and May? Put the final answer in \\boxed{{}}.",
        Kind = TaskKind.Math,
        Answer = (i + (i / 2)).ToString(CultureInfo.InvariantCulture),
        Metadata = """{"source":"synthetic","level":1}""",
    };

    public async Task<(RunCreated Run, TimeSpan ImportTime)> CreateAsync(string setName, int problems, CancellationToken cancellationToken)
    {
        var list = Enumerable.Range(0, problems).Select(Problem).ToList();
        var started = System.Diagnostics.Stopwatch.StartNew();
        await using var context = database.CreateContext();
        await new ProblemSetStore(context).ImportAsync(setName, list, cancellationToken);
        var importTime = started.Elapsed;
        var run = await new RunStore(context).CreateRunAsync(new RunRequest
        {
            SetName = setName,
            Model = new ModelIdentity("bench-model"),
            Sampling = new SamplingOptions { Samples = tracesPerProblem * 2 },
        }, cancellationToken);
        return (run, importTime);
    }

    public List<ProblemOutcome> Batch(IReadOnlyList<long> problemIds)
    {
        var batch = new List<ProblemOutcome>(problemIds.Count);
        foreach (var id in problemIds)
        {
            var traces = new VerifiedTrace[tracesPerProblem];
            for (var k = 0; k < tracesPerProblem; k++)
            {
                var text = string.Concat(_bodies[(int)((id + k) % _bodies.Length)], " Candidate ", k.ToString(CultureInfo.InvariantCulture), " of problem ", id.ToString(CultureInfo.InvariantCulture), ". \\boxed{42}");
                traces[k] = new VerifiedTrace(text, Verdict.Correct("42"), "math", text.Length / 4);
            }

            batch.Add(ProblemOutcome.Done(id, tracesPerProblem * 2, tracesPerProblem, tracesPerProblem * 2L * textChars / 4, traces));
        }

        return batch;
    }

    /// <summary>Writes every problem of the run with <paramref name="writers"/> concurrent writers; returns traces written.</summary>
    public async Task<long> WriteAllAsync(RunCreated run, int batchProblems, int writers, CancellationToken cancellationToken)
    {
        var chunks = run.ProblemIds.Chunk(batchProblems).ToArray();
        var next = -1;
        long written = 0;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            await using var context = database.CreateContext();
            var writer = new BatchWriter(context);
            int index;
            while ((index = Interlocked.Increment(ref next)) < chunks.Length)
            {
                var result = await writer.WriteAsync(run.RunId, Batch(chunks[index]), cancellationToken);
                Interlocked.Add(ref written, result.TracesWritten);
            }
        }, cancellationToken)));
        return written;
    }

    private static string[] Bodies(int chars)
    {
        var random = new Random(42);
        var bodies = new string[257];
        for (var b = 0; b < bodies.Length; b++)
        {
            var text = new StringBuilder(chars + 64);
            var step = 1;
            while (text.Length < chars)
            {
                var x = random.Next(2, 500);
                var y = random.Next(2, 500);
                text.Append(CultureInfo.InvariantCulture, $"Step {step++}: {x} + {y} = {x + y}, and {x} × {y} = {x * y}.\n");
            }

            bodies[b] = text.ToString(0, chars);
        }

        return bodies;
    }
}
