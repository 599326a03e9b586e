using DataFactory.Core.Formats;
using DataFactory.Core.Sampling;
using DataFactory.Storage;
using DataFactory.Storage.Import;
using DataFactory.Storage.Migration;
using DataFactory.Storage.Runs;
using DataFactory.Worker.Hosting;
using DataFactory.Worker.Pipeline;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DataFactory.Worker.Tests;

/// <summary>
/// A real factory in one process: a migrated SQLite store in a temporary folder, the in-memory
/// MassTransit transport and the repository's tiny random Llama fixture model on CPU (its text is
/// noise, so nearly every candidate is wrong; the point is the wiring, not the answers).
/// </summary>
internal sealed class TestFactory : IDisposable
{
    private const string Queue = "generate-traces";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "df-worker-tests-" + Guid.NewGuid().ToString("N"));

    private TestFactory()
    {
        Directory.CreateDirectory(_folder);
        Store = new StoreOptions { Provider = StoreProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(_folder, "store.db")};Pooling=False" };
    }

    public StoreOptions Store { get; }

    public static string Root { get; } = FindRoot();

    public static string ModelDirectory => Path.Combine(Root, "tests", "DataFactory.Inference.Tests", "Fixtures", "models", "tiny-random-llama-fp16");

    public static async Task<TestFactory> CreateAsync()
    {
        var factory = new TestFactory();
        await StoreMigrator.MigrateAsync(factory.Store, CancellationToken.None);
        return factory;
    }

    /// <summary>A path inside this factory's temporary folder (deleted with it).</summary>
    public string Folder(string name) => Path.Combine(_folder, name);

    /// <summary>Worker settings for this factory; <paramref name="overrides"/> win.</summary>
    public Dictionary<string, string?> Settings(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["DataFactory:Model:Directory"] = ModelDirectory,
            ["DataFactory:Model:Variant"] = "model_fp16",
            ["DataFactory:Model:Provider"] = "cpu",
            ["DataFactory:Model:IntraOpThreads"] = "1",
            ["DataFactory:Model:MaxBatchRows"] = "16",
            ["DataFactory:Model:UseChatTemplate"] = "false",
            ["DataFactory:Database:Provider"] = "sqlite",
            ["DataFactory:Database:ConnectionString"] = Store.ConnectionString,
            ["DataFactory:Broker:Transport"] = "in-memory",
            ["DataFactory:Worker:MessagesPerBatch"] = "2",
            ["DataFactory:Worker:BatchTimeLimitMilliseconds"] = "50",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>A worker host (not started) on this factory's settings.</summary>
    public HostApplicationBuilder Builder(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(Settings(overrides));
        builder.AddDataFactoryWorker();
        return builder;
    }

    /// <summary>Imports <paramref name="lines"/> (generic JSON Lines) as a set, queues a run on the host's bus and waits for it.</summary>
    public async Task<RunSummary> RunAsync(IServiceProvider services, string setName, IReadOnlyList<string> lines, SamplingOptions sampling)
    {
        var file = Path.Combine(_folder, setName + ".jsonl");
        await File.WriteAllLinesAsync(file, lines);
        var problems = ProblemFileReader.Read(file, new ImportOptions()).Problems;
        RunCreated run;
        await using (var context = new DataFactoryDbContext(Store.ToDbContextOptions()))
        {
            await new ProblemSetStore(context).ImportAsync(setName, problems, CancellationToken.None);
            run = await new RunStore(context).CreateRunAsync(
                new RunRequest { SetName = setName, Model = new ModelIdentity("tiny-random-llama-fp16", ModelDirectory, ModelFingerprint.Compute(ModelDirectory, "model_fp16")), Sampling = sampling },
                CancellationToken.None);
        }

        await RunQueue.SendAsync(services.GetRequiredService<IBus>(), Queue, run.RunId, run.ProblemIds, 1, null, CancellationToken.None);
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            await using (var context = new DataFactoryDbContext(Store.ToDbContextOptions()))
            {
                var summary = await new RunStore(context).GetRunAsync(run.RunId, CancellationToken.None);
                if (summary is not null && summary.ProblemsQueued == 0)
                {
                    return summary;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"run {run.RunId} did not finish");
            await Task.Delay(100);
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Generic-format problems with a gold answer.</summary>
    public static string[] MathProblems(int count) =>
        [.. Enumerable.Range(1, count).Select(i => $$"""{"id":"p{{i}}","kind":"math","prompt":"What is {{i}} + {{i}}?","answer":"{{2 * i}}"}""")];

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DataFactory.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("DataFactory.sln not found above " + AppContext.BaseDirectory);
    }
}
