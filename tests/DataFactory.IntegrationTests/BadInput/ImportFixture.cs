namespace DataFactory.IntegrationTests.BadInput;

/// <summary>One migrated database holding a set "kept" of two problems, which every rejected import must leave as it was.</summary>
public sealed class ImportFixture : IAsyncLifetime
{
    internal FactoryEnvironment Factory { get; private set; } = null!;

    internal string Folder { get; } = Path.Combine(Path.GetTempPath(), "df-bad-import-" + Guid.NewGuid().ToString("N")[..8]);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Folder);
        Factory = await FactoryEnvironment.CreateAsync();
        var good = Path.Combine(Folder, "good.jsonl");
        await File.WriteAllTextAsync(good, """
            {"id":"k1","kind":"math","prompt":"Calculate 2 + 3.","answer":"5"}
            {"id":"k2","kind":"math","prompt":"Calculate 7 * 6.","answer":"42"}

            """);
        await Factory.CliAsync("import", good, "--set", "kept");
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
