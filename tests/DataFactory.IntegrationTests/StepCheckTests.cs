using System.Text.Json;

namespace DataFactory.IntegrationTests;

/// <summary>
/// Process verification end to end on PostgreSQL and RabbitMQ: flawed traces (right answer, a false
/// step) are counted beside correct, stored marked only when the run keeps them, left out of the default
/// export, and what is exported is checked by an independent step checker.
/// </summary>
public sealed class StepCheckTests
{
    [Fact]
    public async Task Flawed_traces_are_counted_kept_only_on_request_and_exported_only_with_include_flawed()
    {
        await using var factory = await FactoryEnvironment.CreateAsync();
        await factory.CliAsync("import", Path.Combine(RepoPaths.Examples, "countdown.jsonl"), "--set", "cd");
        var kept = Guid.Parse((await factory.CliAsync("run", "--set", "cd", "--limit", "16", "--samples", "8", "--max-tokens", "320", "--seed", "11", "--keep-flawed")).Trim());
        var dropped = Guid.Parse((await factory.CliAsync("run", "--set", "cd", "--limit", "16", "--samples", "8", "--max-tokens", "320", "--seed", "12")).Trim());
        await using (var worker = factory.StartWorker())
        {
            await factory.WaitForRunAsync(kept, TimeSpan.FromMinutes(8), worker);
            await factory.WaitForRunAsync(dropped, TimeSpan.FromMinutes(8), worker);
            await worker.StopAsync();
        }

        // Counters equal the row sums; flawed candidates are among the correct ones.
        foreach (var run in new[] { kept, dropped })
        {
            var flawed = await factory.ScalarAsync("SELECT flawed FROM runs WHERE id = @run", run);
            Assert.Equal(flawed, await factory.ScalarAsync("SELECT sum(flawed) FROM problem_attempts WHERE run_id = @run", run));
            Assert.InRange(flawed, 0, await factory.ScalarAsync("SELECT verified FROM runs WHERE id = @run", run));
            Assert.Equal(await factory.ScalarAsync("SELECT traces FROM runs WHERE id = @run", run), await factory.ScalarAsync("SELECT count(*) FROM traces WHERE run_id = @run", run));
        }

        var keptFlawed = await factory.ScalarAsync("SELECT count(*) FROM traces WHERE run_id = @run AND flawed", kept);
        Assert.True(keptFlawed > 0, "the bundled model writes some false countdown steps in 128 candidates");
        Assert.InRange(keptFlawed, 1, await factory.ScalarAsync("SELECT flawed FROM runs WHERE id = @run", kept));
        Assert.True(await factory.ScalarAsync("SELECT flawed FROM runs WHERE id = @run", dropped) > 0, "the second run meets flawed candidates too");
        Assert.Equal(0, await factory.ScalarAsync("SELECT count(*) FROM traces WHERE run_id = @run AND flawed", dropped));
        Assert.Equal(0, await factory.ScalarAsync("SELECT count(*) FROM traces WHERE step_check IS NULL"));

        var folder = Directory.CreateTempSubdirectory("df-steps-").FullName;
        try
        {
            var all = await factory.ScalarAsync("SELECT count(*) FROM traces");
            var byDefault = Path.Combine(folder, "default.jsonl");
            await factory.CliAsync("export", "--set", "cd", "--out", byDefault);
            var (traces, flawedFound, report) = await IndependentStepCheck.RunAsync(byDefault);
            Assert.Equal(all - keptFlawed, traces);
            Assert.True(flawedFound == 0, report);

            var withFlawed = Path.Combine(folder, "with-flawed.jsonl");
            await factory.CliAsync("export", "--set", "cd", "--include-flawed", "--out", withFlawed);
            (traces, flawedFound, report) = await IndependentStepCheck.RunAsync(withFlawed);
            Assert.Equal(all, traces);
            Assert.True(flawedFound == keptFlawed, report);

            // The raw export carries each trace's mark and step check.
            var raw = Path.Combine(folder, "raw.jsonl");
            await factory.CliAsync("export", "--set", "cd", "--run", kept.ToString(), "--format", "raw", "--include-flawed", "--out", raw);
            var marked = 0;
            foreach (var line in await File.ReadAllLinesAsync(raw))
            {
                using var json = JsonDocument.Parse(line);
                var flawed = json.RootElement.GetProperty("flawed").GetBoolean();
                var check = json.RootElement.GetProperty("step_check");
                Assert.True(check.GetProperty("steps_checked").GetInt32() > 0, line);
                Assert.Equal(flawed, check.GetProperty("first_false_step").ValueKind == JsonValueKind.Object);
                marked += flawed ? 1 : 0;
            }

            Assert.Equal(keptFlawed, marked);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
