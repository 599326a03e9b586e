namespace DataFactory.Inference.Tests;

/// <summary>Paths inside the repository, found by walking up from the test binaries to DataFactory.sln.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Fixture(params string[] parts) =>
        Path.Combine([Root, "tests", "DataFactory.Inference.Tests", "Fixtures", .. parts]);

    public static string LlamaFp16 => Fixture("models", "tiny-random-llama-fp16");

    public static string Bundled => Path.Combine(Root, "models", "tiny-reasoner");

    public static string LegacyGpt2 => Fixture("models", "ortgenai-tiny-random-gpt2-fp32");

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
