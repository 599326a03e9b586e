using DataFactory.Storage.Schema;
using Microsoft.EntityFrameworkCore;

namespace DataFactory.Storage.Export;

/// <summary>
/// The preference and kto exports: a set's problems a page at a time, each problem's verified traces
/// (the chosen side) against its rejected candidates (the rejected side), never across problems.
/// Memory is bounded by a page of problems with their candidates.
/// </summary>
internal sealed class PairExporter(DataFactoryDbContext context)
{
    private const int ProblemsPerPage = 256;
    private const int ProgressEvery = 1024;

    public async Task<ExportResult> ExportAsync(
        Stream output, ExportOptions options, long setId, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        await using var lines = new PairLineWriter(output, options.Conversational, options.SystemPrompt);
        return await ExportAsync(lines, options, setId, progress, cancellationToken);
    }

    /// <summary>Writes the pairs (or kto examples) to <paramref name="lines"/>, a JSON Lines writer or Parquet shards.</summary>
    public async Task<ExportResult> ExportAsync(
        IPairSink lines, ExportOptions options, long setId, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        long written = 0, problems = 0, after = 0;
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
            var kept = await PassingAsync(options, first, after, cancellationToken);
            var chosen = await ChosenAsync(options, first, after, cancellationToken);
            var rejected = await RejectedAsync(options, first, after, cancellationToken);
            foreach (var problem in page)
            {
                if (!kept.Contains(problem.Id)
                    || !chosen.TryGetValue(problem.Id, out var good)
                    || !rejected.TryGetValue(problem.Id, out var bad))
                {
                    continue;
                }

                var lineCount = options.Format == ExportFormat.Kto
                    ? await WriteKtoAsync(lines, options, problem.Id, problem.Prompt, good, bad, cancellationToken)
                    : await WritePairsAsync(lines, options, problem.Id, problem.Prompt, good, bad, cancellationToken);
                if (lineCount > 0)
                {
                    problems++;
                    if (written / ProgressEvery != (written + lineCount) / ProgressEvery)
                    {
                        progress?.Report(written + lineCount);
                    }

                    written += lineCount;
                }
            }
        }

        await lines.FlushAsync(cancellationToken);
        progress?.Report(written);
        return new ExportResult(written, problems, lines.Bytes);
    }

    private static async Task<int> WritePairsAsync(
        IPairSink lines, ExportOptions options, long problemId, string prompt, List<Side> chosen, List<Side> rejected, CancellationToken cancellationToken)
    {
        var good = PairPicks.OrderChosen(chosen, options.Chosen, options.Seed, problemId);
        var bad = PairPicks.OrderRejected(rejected, options.Rejected, options.Seed, problemId);
        var pairs = PairPicks.Pairs(good.Count, bad.Count, options.PairsPerProblem);
        foreach (var (c, r) in pairs)
        {
            await lines.WritePairAsync(prompt, good[c].Text, bad[r].Text, cancellationToken);
        }

        return pairs.Count;
    }

    private static async Task<int> WriteKtoAsync(
        IPairSink lines, ExportOptions options, long problemId, string prompt, List<Side> chosen, List<Side> rejected, CancellationToken cancellationToken)
    {
        var limit = options.MaxPerProblem ?? int.MaxValue;
        var good = PairPicks.OrderChosen(chosen, options.Chosen, options.Seed, problemId).Take(limit).ToList();
        var bad = PairPicks.OrderRejected(rejected, options.Rejected, options.Seed, problemId).Take(limit).ToList();
        foreach (var side in good)
        {
            await lines.WriteLabelledAsync(prompt, side.Text, label: true, cancellationToken);
        }

        foreach (var side in bad)
        {
            await lines.WriteLabelledAsync(prompt, side.Text, label: false, cancellationToken);
        }

        return good.Count + bad.Count;
    }

    /// <summary>The problems of the page with a done attempt whose pass rate passes the filters.</summary>
    /// <summary>The problems of ids first..last whose pass rate (over their done attempts, or the run's) passes the filters.</summary>
    internal async Task<HashSet<long>> PassingAsync(ExportOptions options, long first, long last, CancellationToken cancellationToken)
    {
        var attempts = context.ProblemAttempts.AsNoTracking()
            .Where(a => a.ProblemId >= first && a.ProblemId <= last && a.Status == AttemptStatus.Done);
        if (options.RunId is { } runId)
        {
            attempts = attempts.Where(a => a.RunId == runId);
        }

        var sums = await attempts
            .GroupBy(a => a.ProblemId)
            .Select(g => new { ProblemId = g.Key, Candidates = g.Sum(a => (long)a.Candidates), Correct = g.Sum(a => (long)a.Correct) })
            .ToListAsync(cancellationToken);
        return sums
            .Where(s => options.MinPassRate is not { } min || s.Correct >= min * s.Candidates)
            .Where(s => options.MaxPassRate is not { } max || s.Correct <= max * s.Candidates)
            .Select(s => s.ProblemId)
            .ToHashSet();
    }

    private async Task<Dictionary<long, List<Side>>> ChosenAsync(ExportOptions options, long first, long last, CancellationToken cancellationToken)
    {
        var traces = context.Traces.AsNoTracking().Where(t => t.ProblemId >= first && t.ProblemId <= last);
        if (options.RunId is { } runId)
        {
            traces = traces.Where(t => t.RunId == runId);
        }

        if (!options.IncludeFlawed)
        {
            traces = traces.Where(t => !t.Flawed);
        }

        if (!options.IncludeConsensus)
        {
            traces = traces.Where(t => !t.Consensus);
        }

        var rows = await traces.Select(t => new { t.Id, t.ProblemId, t.Text, t.TokenCount, t.FinalAnswer }).ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.ProblemId).ToDictionary(g => g.Key, g => g.Select(r => new Side(r.Id, r.TokenCount, r.FinalAnswer, r.Text)).ToList());
    }

    private async Task<Dictionary<long, List<Side>>> RejectedAsync(ExportOptions options, long first, long last, CancellationToken cancellationToken)
    {
        var rejected = context.RejectedCandidates.AsNoTracking().Where(r => r.ProblemId >= first && r.ProblemId <= last);
        if (options.RunId is { } runId)
        {
            rejected = rejected.Where(r => r.RunId == runId);
        }

        var rows = await rejected.Select(r => new { r.Id, r.ProblemId, r.TextCompressed, r.TokenCount, r.FinalAnswer }).ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.ProblemId).ToDictionary(g => g.Key, g => g.Select(r => new Side(r.Id, r.TokenCount, r.FinalAnswer, compressed: r.TextCompressed)).ToList());
    }
}
