namespace DataFactory.IntegrationTests.Backends;

/// <summary>
/// Workers on <c>DataFactory:Model:Backend=openai</c> against <c>datafactory serve</c>, through the real RabbitMQ and
/// PostgreSQL: the run created for the bundled model's folder is served through HTTP, faults on the way are retried
/// and nothing is lost, and a server that is down or serves another model stops the worker at start with the reason.
/// </summary>
public sealed class OpenAiBackendRunTests
{
    private const int Problems = 6;
    private const int Samples = 4;

    private static void UseServer(FactoryEnvironment factory, string baseUrl, bool splitN = true)
    {
        factory.Variables["DATAFACTORY__MODEL__BACKEND"] = "openai";
        factory.Variables["DATAFACTORY__MODEL__OPENAI__BASEURL"] = baseUrl;
        factory.Variables["DATAFACTORY__MODEL__OPENAI__SPLITN"] = splitN ? "true" : "false";
        factory.Variables["DATAFACTORY__MODEL__OPENAI__RETRYBASEMILLISECONDS"] = "50";
        factory.Variables["DATAFACTORY__MODEL__OPENAI__RETRYMAXMILLISECONDS"] = "1000";
    }

    private static async Task<Guid> CreateRunAsync(FactoryEnvironment factory)
    {
        await factory.CliAsync("import", Path.Combine(RepoPaths.Examples, "arithmetic.jsonl"), "--set", "arith");
        return Guid.Parse((await factory.CliAsync("run", "--set", "arith", "--limit", $"{Problems}", "--samples", $"{Samples}", "--max-tokens", "320", "--seed", "7")).Trim());
    }

    [Fact]
    public async Task A_run_for_the_model_folder_is_served_through_serve_with_per_candidate_requests()
    {
        await using var factory = await FactoryEnvironment.CreateAsync();
        var runId = await CreateRunAsync(factory);
        await using var serve = await ServeProcess.StartAsync(factory);
        UseServer(factory, serve.BaseUrl);

        await using var worker = factory.StartWorker();
        var counts = await factory.WaitForRunAsync(runId, TimeSpan.FromMinutes(6), worker);
        await worker.StopAsync();

        Assert.Equal((Problems, 0), (counts.Done, counts.Failed));
        Assert.Equal(Problems * Samples, counts.Candidates);
        Assert.True(counts.Traces > 0, "the bundled model solves some arithmetic problems");
        Assert.True(counts.Tokens > 0);
        Assert.Equal(counts.Traces, await factory.ScalarAsync("SELECT count(*) FROM traces WHERE run_id = @run", runId));
        Assert.Contains("on openai", worker.Output + worker.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_errors_cut_bodies_dropped_connections_and_slow_answers_are_retried_and_nothing_is_lost()
    {
        await using var factory = await FactoryEnvironment.CreateAsync();
        var runId = await CreateRunAsync(factory);
        await using var serve = await ServeProcess.StartAsync(factory);
        await using var proxy = await FaultyProxy.StartAsync(serve.BaseUrl, faulty: 24);
        UseServer(factory, proxy.BaseUrl);
        factory.Variables["DATAFACTORY__MODEL__OPENAI__TIMEOUTSECONDS"] = "8";
        factory.Variables["DATAFACTORY__MODEL__OPENAI__MAXATTEMPTS"] = "3";
        factory.Variables["DATAFACTORY__WORKER__RETRYLIMIT"] = "0";

        await using var worker = factory.StartWorker();
        var counts = await factory.WaitForRunAsync(runId, TimeSpan.FromMinutes(8), worker);
        await worker.StopAsync();

        Assert.Equal((Problems, 0), (counts.Done, counts.Failed));
        Assert.Equal(Problems * Samples, counts.Candidates);
        Assert.Equal(Problems, await factory.ScalarAsync("SELECT count(*) FROM problem_attempts WHERE run_id = @run AND status = 'done'", runId));
        Assert.True(proxy.Injected.Count >= 4, string.Join(", ", proxy.Injected));
        var log = worker.Output + worker.Error;
        Assert.Contains("HTTP 500", log, StringComparison.Ordinal);
        Assert.Contains("not a complete answer", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_worker_refuses_to_start_when_the_server_is_down_or_serves_another_model()
    {
        await using var factory = await FactoryEnvironment.CreateAsync();
        UseServer(factory, $"http://127.0.0.1:{LoopbackPort.Free()}/v1");
        factory.Variables["DATAFACTORY__MODEL__OPENAI__MAXATTEMPTS"] = "2";

        var down = await CliProcess.RunAsync(factory.Variables, null, "worker");
        await using var serve = await ServeProcess.StartAsync(factory);
        UseServer(factory, serve.BaseUrl);
        factory.Variables["DATAFACTORY__MODEL__OPENAI__MODEL"] = "Qwen/Qwen3-8B";
        var other = await CliProcess.RunAsync(factory.Variables, null, "worker");

        Assert.NotEqual(0, down.Exit);
        Assert.Contains("cannot reach", down.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, other.Exit);
        Assert.Contains("serves tiny-reasoner, not 'Qwen/Qwen3-8B'", other.Error, StringComparison.Ordinal);
    }
}
