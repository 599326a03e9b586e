using System.CommandLine;
using System.Globalization;
using System.Text;
using DataFactory.Cli.Settings;
using DataFactory.Core.Steps;
using DataFactory.Core.Verification;
using DataFactory.Sandbox;
using DataFactory.Storage;
using DataFactory.Storage.Regrade;

namespace DataFactory.Cli.Commands;

/// <summary>
/// <c>datafactory regrade --set NAME [--run ID] [--all] [--batch N] [--db PATH]</c>: re-checks the stored
/// candidates (traces and rejected ones) of a set with the current verifiers, moves those whose verdict
/// changed, and prints what changed by verifier version.
/// </summary>
internal static class RegradeCommand
{
    public static Command Create()
    {
        var set = new Option<string>("--set") { Description = "Problem set whose stored candidates to re-check.", Required = true };
        var run = new Option<Guid?>("--run") { Description = "Only candidates stored by this run." };
        var all = new Option<bool>("--all") { Description = "Re-check every stored candidate, not only those an older verifier version judged (after a change that kept its version, or a step-checker change)." };
        var batch = new Option<int>("--batch") { Description = "Problems per batch (one transaction each).", DefaultValueFactory = _ => 512 };
        var db = new StoreArgument();
        var command = new Command("regrade", "Re-check stored traces and rejected candidates with the current verifiers: a rejected candidate that now verifies becomes a trace, a trace that no longer verifies is kept as rejected; counters and pass rates follow. Safe beside running workers; running it again changes nothing.")
        {
            set, run, all, batch,
        };
        db.AddTo(command);
        command.SetAction((parse, ct) => CliRunner.RunAsync(async token =>
        {
            if (parse.GetValue(batch) < 1)
            {
                throw new CliException("--batch must be at least 1.");
            }

            var configuration = CliSettings.Load();
            var store = await db.OpenAsync(parse, configuration, create: false, token);
            var verifiers = VerifierRegistry.CreateDefault(new BubblewrapTestRunner(CliSettings.Sandbox(configuration)));
            var options = new RegradeOptions
            {
                SetName = parse.GetValue(set)!,
                RunId = parse.GetValue(run),
                All = parse.GetValue(all),
                ProblemsPerBatch = parse.GetValue(batch),
            };
            var progress = Console.IsErrorRedirected
                ? null
                : new Progress<RegradeProgress>(p => Console.Error.Write(string.Create(
                    CultureInfo.InvariantCulture, $"\r{p.Checked}/{p.Total} candidates re-checked, {p.ToTraces} to traces, {p.ToRejected} to rejected")));
            RegradeReport report;
            await using (var context = new DataFactoryDbContext(store.ToDbContextOptions()))
            {
                try
                {
                    report = await new Regrader(context, verifiers, StepCheckerRegistry.CreateDefault()).RegradeAsync(options, progress, token);
                }
                catch (InvalidOperationException e)
                {
                    throw new CliException(e.Message);
                }
            }

            if (progress is not null)
            {
                await Console.Error.WriteLineAsync();
            }

            Console.Write(Format(report));
            return 0;
        }, ct));
        return command;
    }

    /// <summary>The report as a table, one line per verifier and version change, and a summary line.</summary>
    public static string Format(RegradeReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        if (report.Lines.Count > 0)
        {
            text.AppendLine("verifier          version   checked  unchanged  to-traces  to-rejected  flawed-changed  skipped");
            foreach (var l in report.Lines)
            {
                text.AppendLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{l.Verifier,-17} {$"{l.FromVersion}->{l.ToVersion}",-7} {l.Checked,9} {l.Unchanged,10} {l.ToTraces,10} {l.ToRejected,12} {l.FlawedChanged,15} {l.Skipped,8}"));
            }
        }

        var rate = report.Elapsed.TotalSeconds > 0 ? report.Checked / report.Elapsed.TotalSeconds : 0;
        text.AppendLine(string.Create(
            CultureInfo.InvariantCulture,
            $"regraded {report.Checked} candidates in {report.Batches} batches ({report.Elapsed.TotalSeconds:F1} s, {rate:F0} candidates/s): {report.ToTraces} rejected -> trace, {report.ToRejected} trace -> rejected"));
        return text.ToString();
    }
}
