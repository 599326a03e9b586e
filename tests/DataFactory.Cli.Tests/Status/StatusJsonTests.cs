using System.Text.Json;
using DataFactory.Cli.Status;
using DataFactory.Core.Harvest;
using DataFactory.Core.Sampling;
using DataFactory.Storage.Runs;
using DataFactory.Storage.Schema;

namespace DataFactory.Cli.Tests.Status;

/// <summary><c>status --json</c>: one object per run with the documented names, rates over generation time.</summary>
public sealed class StatusJsonTests
{
    [Fact]
    public void Writes_the_documented_fields_with_tokens_per_second_over_generation_seconds()
    {
        var run = new RunSummary
        {
            RunId = Guid.Parse("0195f3c4-0000-7000-8000-000000000002"),
            SetName = "mine",
            Model = new ModelIdentity("tiny-reasoner", "/m", "abc"),
            Sampling = new SamplingOptions { Samples = 8, Seed = 42 },
            Strategy = "best-of-n",
            Status = RunState.Running,
            ProblemsTotal = 10,
            ProblemsDone = 6,
            ProblemsFailed = 1,
            Candidates = 48,
            Verified = 20,
            Flawed = 3,
            Traces = 15,
            Tokens = 9_000,
            GenerationSeconds = 4.5,
        };

        using var json = JsonDocument.Parse(StatusJson.Line(run, problemsCovered: 5));
        var r = json.RootElement;

        Assert.Equal(run.RunId, r.GetProperty("run_id").GetGuid());
        Assert.Equal("mine", r.GetProperty("set").GetString());
        Assert.Equal("running", r.GetProperty("state").GetString());
        Assert.Equal(42UL, r.GetProperty("seed").GetUInt64());
        Assert.Equal("best-of-n", r.GetProperty("policy").GetString());
        Assert.Equal(10, r.GetProperty("problems_total").GetInt32());
        Assert.Equal(6, r.GetProperty("problems_done").GetInt32());
        Assert.Equal(1, r.GetProperty("problems_failed").GetInt32());
        Assert.Equal(3, r.GetProperty("problems_queued").GetInt32());
        Assert.Equal(5, r.GetProperty("problems_covered").GetInt32());
        Assert.Equal(48, r.GetProperty("candidates").GetInt64());
        Assert.Equal(20, r.GetProperty("correct").GetInt64());
        Assert.Equal(3, r.GetProperty("flawed").GetInt64());
        Assert.Equal(15, r.GetProperty("traces").GetInt64());
        Assert.Equal(9_000, r.GetProperty("tokens").GetInt64());
        Assert.Equal(4.5, r.GetProperty("seconds").GetDouble());
        Assert.Equal(2000.0, r.GetProperty("tokens_per_second").GetDouble());
        Assert.Equal(JsonValueKind.Null, r.GetProperty("finished_at").ValueKind);
    }

    [Fact]
    public void An_adaptive_run_reports_its_settings_exhausted_problems_and_duplicates()
    {
        var run = new RunSummary
        {
            RunId = Guid.Parse("0195f3c4-0000-7000-8000-000000000003"),
            SetName = "mine",
            Model = new ModelIdentity("tiny-reasoner"),
            Sampling = new SamplingOptions { Seed = 7 },
            Strategy = HarvestSettings.AdaptiveName,
            Harvest = HarvestSettings.Adaptive(4, 64, saturation: true) with { StopOnFalseStep = true },
            Status = RunState.Done,
            ProblemsTotal = 10,
            ProblemsDone = 10,
            ProblemsExhausted = 3,
            ProblemsSaturated = 2,
            Duplicates = 12,
            Stopped = 9,
            Tokens = 5_000,
        };

        using var json = JsonDocument.Parse(StatusJson.Line(run, problemsCovered: 7));
        var r = json.RootElement;

        Assert.Equal("adaptive", r.GetProperty("policy").GetString());
        Assert.Equal(4, r.GetProperty("target_verified").GetInt32());
        Assert.Equal(64, r.GetProperty("budget").GetInt32());
        Assert.Equal(7, r.GetProperty("problems_covered").GetInt32());
        Assert.Equal(3, r.GetProperty("problems_exhausted").GetInt32());
        Assert.True(r.GetProperty("saturation").GetBoolean());
        Assert.True(r.GetProperty("stop_on_false_step").GetBoolean());
        Assert.Equal(9, r.GetProperty("stopped").GetInt64());
        Assert.Equal(2, r.GetProperty("problems_saturated").GetInt32());
        Assert.Equal(12, r.GetProperty("duplicates").GetInt64());
        Assert.Equal(5_000, r.GetProperty("tokens").GetInt64());
    }

    [Fact]
    public void A_flat_run_has_no_target_or_budget()
    {
        var run = new RunSummary
        {
            RunId = Guid.NewGuid(),
            SetName = "mine",
            Model = new ModelIdentity("tiny-reasoner"),
            Sampling = new SamplingOptions { Samples = 8 },
            Strategy = HarvestSettings.FlatName,
            Status = RunState.Queued,
        };

        using var json = JsonDocument.Parse(StatusJson.Line(run, problemsCovered: 0));
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("target_verified").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("budget").ValueKind);
        Assert.Equal(0, json.RootElement.GetProperty("problems_exhausted").GetInt32());
        Assert.False(json.RootElement.GetProperty("saturation").GetBoolean());
        Assert.False(json.RootElement.GetProperty("stop_on_false_step").GetBoolean());
    }

    [Fact]
    public void A_run_with_no_generation_yet_has_no_rate()
    {
        var run = new RunSummary
        {
            RunId = Guid.NewGuid(),
            SetName = "s",
            Model = new ModelIdentity("m"),
            Sampling = new SamplingOptions(),
            Strategy = "best-of-n",
            Status = RunState.Queued,
            ProblemsTotal = 3,
        };

        using var json = JsonDocument.Parse(StatusJson.Line(run, problemsCovered: 0));
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("tokens_per_second").ValueKind);
        Assert.Equal(0, json.RootElement.GetProperty("seconds").GetDouble());
    }
}
