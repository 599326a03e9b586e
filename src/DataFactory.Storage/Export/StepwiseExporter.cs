using Microsoft.EntityFrameworkCore;

namespace DataFactory.Storage.Export;

/// <summary>
/// The stepwise export: one line per labelled candidate, <c>{"prompt", "completions": [step, ...], "labels": [...]}</c>,
/// TRL's stepwise-supervision type (its PRM trainer reads it). Steps are written without the separator that ends them
/// (the trainer joins them with its own <c>step_separator</c>, a newline by default); labels are the hard labels
/// (bool), or with <see cref="ExportOptions.SoftLabels"/> the soft ones (the share of rollouts that verified). A set's
/// problems are read a page at a time, so memory is bounded by a page of labels.
/// </summary>
internal sealed class StepwiseExporter(DataFactoryDbContext context)
{
    private const int ProblemsPerPage = 256;

    public async Task<ExportResult> ExportAsync(
        Stream output, ExportOptions options, long setId, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        long written = 0, problems = 0, after = 0;
        await using var sink = new JsonLineBuffer(output);
        while (true)
        {
            var page = await context.Problems.AsNoTracking()
                .Where(p => p.SetId == setId && p.Id > after && p.ContaminationBenchmark == null)
                .OrderBy(p => p.Id)
                .Select(p => new { p.Id, p.Prompt })
                .Take(ProblemsPerPage)
                .ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            var first = page[0].Id;
            after = page[^1].Id;
            var passing = await new PairExporter(context).PassingAsync(options, first, after, cancellationToken);
            var labels = context.StepLabels.AsNoTracking().Where(l => l.ProblemId >= first && l.ProblemId <= after);
            if (options.RunId is { } runId)
            {
                labels = labels.Where(l => l.RunId == runId);
            }

            var rows = await labels
                .OrderBy(l => l.ProblemId).ThenBy(l => l.RunId).ThenBy(l => l.CandidateHash).ThenBy(l => l.StepIndex)
                .Select(l => new { l.ProblemId, l.RunId, l.CandidateHash, l.StepIndex, l.StepCount, l.StepText, l.SoftLabel, l.HardLabel })
                .ToListAsync(cancellationToken);
            var prompts = page.ToDictionary(p => p.Id, p => p.Prompt);
            foreach (var problem in rows.GroupBy(r => r.ProblemId))
            {
                if (!passing.Contains(problem.Key))
                {
                    continue;
                }

                var lines = 0;
                foreach (var candidate in problem.GroupBy(r => (r.RunId, Convert.ToHexString(r.CandidateHash))))
                {
                    var steps = candidate.ToList();
                    if (options.MaxPerProblem is { } max && lines >= max)
                    {
                        break;
                    }

                    // Written only whole: every step of the candidate, in order.
                    if (steps.Count != steps[0].StepCount || steps.Where((s, i) => s.StepIndex != i).Any())
                    {
                        continue;
                    }

                    var json = sink.Writer;
                    json.WriteStartObject();
                    json.WriteString("prompt", prompts[problem.Key]);
                    json.WriteStartArray("completions");
                    foreach (var step in steps)
                    {
                        json.WriteStringValue(step.StepText.TrimEnd());
                    }

                    json.WriteEndArray();
                    json.WriteStartArray("labels");
                    foreach (var step in steps)
                    {
                        if (options.SoftLabels)
                        {
                            json.WriteNumberValue(step.SoftLabel);
                        }
                        else
                        {
                            json.WriteBooleanValue(step.HardLabel);
                        }
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                    await sink.EndLineAsync(cancellationToken);
                    lines++;
                }

                if (lines > 0)
                {
                    problems++;
                    written += lines;
                    progress?.Report(written);
                }
            }
        }

        await sink.FlushAsync(cancellationToken);
        return new ExportResult(written, problems, sink.Bytes);
    }
}
