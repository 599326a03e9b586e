using System.Diagnostics;
using System.Globalization;
using DataFactory.Cli.Commands;
using DataFactory.Core.Evaluation;
using DataFactory.Core.Problems;
using DataFactory.Core.Sampling;
using DataFactory.Core.Verification;
using DataFactory.Inference.Generation;

namespace DataFactory.Cli.Eval;

/// <summary>
/// Measures a model on problems: for each, k samples at the given temperature (pass@1 by the unbiased
/// estimator, pass@k) and one greedy decode, every candidate judged by the verifiers. Candidates are
/// seeded from (seed, problem id, index) as in a run, so the same settings give the same figures.
/// Nothing is stored here.
/// </summary>
internal static class EvalRunner
{
    public static IReadOnlyList<KindScore> Run(
        EvalSettings settings, IReadOnlyList<Problem> problems, VerifierRegistry verifiers, TextWriter progress, CancellationToken cancellationToken)
    {
        using var engine = new GenerationEngine(settings.Engine, new GenerateLogger(Microsoft.Extensions.Logging.LogLevel.Warning));
        var sampled = new SamplingOptions
        {
            Samples = settings.Samples,
            Temperature = settings.Temperature,
            Greedy = settings.Temperature == 0,
            MaxNewTokens = settings.MaxTokens,
            Seed = settings.Seed,
        };
        var greedy = sampled with { Samples = 1, Greedy = true };
        var sheet = new ScoreSheet(settings.Samples);
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        for (var start = 0; start < problems.Count; start += settings.ProblemsPerCall)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = problems.Skip(start).Take(settings.ProblemsPerCall).ToList();
            var requests = chunk.Select(p => new GenerationRequest(p.Id, p.Prompt, UseChatTemplate: true)).ToList();
            var samples = engine.Generate(requests, sampled, cancellationToken);
            var greedyRuns = engine.Generate(requests, greedy, cancellationToken);
            for (var i = 0; i < chunk.Count; i++)
            {
                var problem = chunk[i];
                var correct = samples[i].Candidates.Count(c => verifiers.Verify(problem, c.Text).IsCorrect);
                var greedyCorrect = greedyRuns[i].Candidates.Count > 0 && verifiers.Verify(problem, greedyRuns[i].Candidates[0].Text).IsCorrect;
                sheet.Add(problem.Kind.ToName(), correct, greedyCorrect);
            }

            var done = Math.Min(problems.Count, start + chunk.Count);
            if (clock.Elapsed - lastReport >= TimeSpan.FromSeconds(2) || done == problems.Count)
            {
                lastReport = clock.Elapsed;
                progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"eval: {done}/{problems.Count} problems, {clock.Elapsed.TotalSeconds:F0} s"));
            }
        }

        return sheet.Scores();
    }
}
