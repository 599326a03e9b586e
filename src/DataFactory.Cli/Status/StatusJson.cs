using System.Text;
using System.Text.Json;
using DataFactory.Storage.Runs;

namespace DataFactory.Cli.Status;

/// <summary>
/// <c>status --json</c>: one JSON object per run and line, snake_case names, for scripts. <c>seconds</c>
/// is the generation wall time (see <see cref="RunSummary.GenerationSeconds"/>); times are ISO 8601 UTC.
/// </summary>
internal static class StatusJson
{
    public static string Line(RunSummary run, int problemsCovered)
    {
        ArgumentNullException.ThrowIfNull(run);
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("run_id", run.RunId);
            json.WriteString("set", run.SetName);
            json.WriteString("state", run.Status.ToString().ToLowerInvariant());
            json.WriteNumber("seed", run.Sampling.Seed);
            json.WriteString("policy", run.Strategy);
            json.WriteNumber("samples", run.Sampling.Samples);
            var rounds = run.Harvest.Policy is Core.Harvest.HarvestPolicyKind.Adaptive or Core.Harvest.HarvestPolicyKind.Search;
            var label = run.Harvest.Policy == Core.Harvest.HarvestPolicyKind.Label;
            var search = run.Harvest.Policy == Core.Harvest.HarvestPolicyKind.Search;
            WriteNullable(json, "target_verified", rounds ? run.Harvest.TargetVerified : null);
            WriteNullable(json, "budget", rounds ? run.Harvest.Budget : null);
            WriteNullable(json, "first_round", run.Harvest.Policy == Core.Harvest.HarvestPolicyKind.Adaptive ? run.Harvest.FirstRound : null);
            json.WriteBoolean("saturation", run.Harvest.Saturation);
            json.WriteBoolean("stop_on_false_step", run.Harvest.StopOnFalseStep);
            WriteNullable(json, "rollouts_per_prefix", label || search ? run.Harvest.Rollouts : null);
            WriteNullable(json, "label_search", label ? Core.Steps.Labelling.StepLabelNames.Of(run.Harvest.LabelSearch) : null);
            WriteNullable(json, "beam", search ? run.Harvest.Beam : null);
            WriteNullable(json, "expand", search ? run.Harvest.Expand : null);
            json.WriteString("model", run.Model.Name);
            WriteNullable(json, "model_fingerprint", run.Model.Hash);
            json.WriteNumber("problems_total", run.ProblemsTotal);
            json.WriteNumber("problems_done", run.ProblemsDone);
            json.WriteNumber("problems_failed", run.ProblemsFailed);
            json.WriteNumber("problems_queued", run.ProblemsQueued);
            json.WriteNumber("problems_covered", problemsCovered);
            json.WriteNumber("problems_exhausted", run.ProblemsExhausted);
            json.WriteNumber("problems_saturated", run.ProblemsSaturated);
            json.WriteBoolean("queueing_complete", run.QueueingComplete);
            json.WriteNumber("candidates", run.Candidates);
            json.WriteNumber("correct", run.Verified);
            json.WriteNumber("flawed", run.Flawed);
            json.WriteNumber("stopped", run.Stopped);
            json.WriteBoolean("keep_flawed", run.KeepFlawed);
            json.WriteNumber("traces", run.Traces);
            json.WriteBoolean("keep_rejected", run.KeepRejected);
            json.WriteNumber("rejected", run.Rejected);
            json.WriteNumber("duplicates", run.Duplicates);
            json.WriteNumber("labelled_candidates", run.LabelledCandidates);
            json.WriteNumber("labelled_steps", run.LabelledSteps);
            json.WriteNumber("rollouts", run.Rollouts);
            json.WriteBoolean("consensus", run.Harvest.Consensus is not null);
            WriteNullable(json, "min_votes", run.Harvest.Consensus?.MinVotes);
            WriteNullable(json, "min_share", run.Harvest.Consensus?.MinShare);
            WriteNullable(json, "max_per_problem", run.Harvest.MaxPerProblem);
            json.WriteNumber("problems_labelled", run.ProblemsLabelled);
            json.WriteNumber("consensus_traces", run.ConsensusTraces);
            json.WriteNumber("tokens", run.Tokens);
            json.WriteNumber("seconds", Math.Round(run.GenerationSeconds, 3));
            if (run.TokensPerSecond is { } rate)
            {
                json.WriteNumber("tokens_per_second", Math.Round(rate, 1));
            }
            else
            {
                json.WriteNull("tokens_per_second");
            }

            json.WriteString("created_at", run.CreatedAt.UtcDateTime);
            WriteNullable(json, "finished_at", run.FinishedAt?.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
