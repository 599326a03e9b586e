using DataFactory.Worker.Contracts;
using DataFactory.Worker.Pipeline;
using DataFactory.Worker.Routing;

namespace DataFactory.IntegrationTests.Routing;

/// <summary>Runs and workers of different models on one broker and one store: a queue per model.</summary>
public sealed class ModelQueueTests
{
    [Fact]
    public async Task A_run_for_another_model_is_forwarded_to_its_models_queue_not_failed_and_completes_when_a_worker_for_it_starts()
    {
        await using var factory = await FactoryEnvironment.CreateAsync();
        var otherModel = CopyWithOtherGenerationConfig(RepoPaths.Model);
        try
        {
            var otherQueue = ModelQueue.For(factory.Queue, ModelFingerprint.Compute(otherModel, null));
            Assert.NotEqual(factory.ModelQueue, otherQueue);

            await factory.CliAsync("import", Path.Combine(RepoPaths.Examples, "arithmetic.jsonl"), "--set", "arith");
            var runId = Guid.Parse((await factory.CliAsync("run", "--set", "arith", "--limit", "4", "--samples", "2", "--max-tokens", "160")).Trim());
            var problemIds = (await ProblemIdsAsync(factory, runId)).ToArray();
            // The same problems again as an older CLI queued them: on the base queue, for any worker.
            await factory.SendAsync(factory.Queue, new GenerateTraces(runId, problemIds[..2]), new GenerateTraces(runId, problemIds[2..]));

            var other = new Dictionary<string, string>(factory.Variables) { ["DATAFACTORY__MODEL__DIRECTORY"] = otherModel };
            await using (var worker = CliProcess.Start(other, null, "worker"))
            {
                await WaitForAsync(
                    async () => await factory.QueueDepthAsync(factory.Queue) == 0 && await factory.QueueDepthAsync(factory.ModelQueue) == 4,
                    worker,
                    "the worker of the other model forwarded the base queue's two messages to the run's model queue");
                Assert.Contains($"forwarded to {factory.ModelQueue}", worker.Error + worker.Output, StringComparison.Ordinal);
                Assert.Contains(otherQueue, worker.Error + worker.Output, StringComparison.Ordinal);
                await worker.StopAsync();
            }

            Assert.Equal(0, await factory.ScalarAsync("SELECT count(*) FROM problem_attempts WHERE run_id = @run", runId));
            foreach (var queue in new[] { factory.Queue, factory.ModelQueue, otherQueue })
            {
                Assert.Equal(0, await factory.QueueDepthAsync(ModelQueue.ErrorQueue(queue)));
            }

            await using var served = factory.StartWorker();
            var counts = await factory.WaitForRunAsync(runId, TimeSpan.FromMinutes(5), served);
            await served.StopAsync();
            Assert.Equal(4, counts.Done);
            Assert.Equal(0, counts.Failed);
            Assert.Equal(8, counts.Candidates);
            Assert.Equal(4, await factory.ScalarAsync("SELECT count(*) FROM problem_attempts WHERE run_id = @run", runId));
            Assert.Equal(0, await factory.QueueDepthAsync(ModelQueue.ErrorQueue(factory.ModelQueue)));
        }
        finally
        {
            Directory.Delete(otherModel, recursive: true);
        }
    }

    [Fact]
    public void The_fingerprint_covers_the_variant_loaded_and_no_other_variant_of_the_folder()
    {
        var folder = CopyWithOtherGenerationConfig(RepoPaths.Model);
        try
        {
            var standard = ModelFingerprint.Compute(folder, null);
            File.Copy(Path.Combine(folder, "onnx", "model.onnx"), Path.Combine(folder, "onnx", "model_q4.onnx"));
            Assert.Equal(standard, ModelFingerprint.Compute(folder, null));
            var variant = ModelFingerprint.Compute(folder, "model_q4");
            Assert.NotEqual(standard, variant);
            Assert.Equal(variant, ModelFingerprint.Compute(folder, "model_q4.onnx"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A second "model": the bundled one with another generation_config.json, so another fingerprint.</summary>
    private static string CopyWithOtherGenerationConfig(string model)
    {
        var copy = Path.Combine(Path.GetTempPath(), "df-model-b-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(model))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        Directory.CreateDirectory(Path.Combine(copy, "onnx"));
        foreach (var file in Directory.GetFiles(Path.Combine(model, "onnx")))
        {
            File.Copy(file, Path.Combine(copy, "onnx", Path.GetFileName(file)));
        }

        var config = Path.Combine(copy, "generation_config.json");
        var text = File.ReadAllText(config).TrimEnd();
        File.WriteAllText(config, text[..text.LastIndexOf('}')].TrimEnd() + ",\n  \"datafactory_test_copy\": true\n}\n");
        return copy;
    }

    private static async Task<List<long>> ProblemIdsAsync(FactoryEnvironment factory, Guid runId)
    {
        var ids = new List<long>();
        var count = await factory.ScalarAsync("SELECT problems_total FROM runs WHERE id = @run", runId);
        for (var i = 0; i < count; i++)
        {
            ids.Add(await factory.ScalarAsync($"SELECT p.id FROM problems p JOIN runs r ON r.set_id = p.set_id WHERE r.id = @run ORDER BY p.id OFFSET {i} LIMIT 1", runId));
        }

        return ids;
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, CliProcess worker, string what)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        // The management API refreshes its counts every few seconds: require two readings apart.
        var seen = 0;
        while (seen < 2)
        {
            Assert.False(worker.HasExited, "the worker exited early: " + worker.Error);
            Assert.True(DateTime.UtcNow < deadline, $"timed out: {what}; worker log: {worker.Error}");
            seen = await condition() ? seen + 1 : 0;
            await Task.Delay(2000);
        }
    }
}
