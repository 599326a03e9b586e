namespace DataFactory.IntegrationTests;

/// <summary>Paths inside the repository, found by walking up from the test binaries to DataFactory.sln.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Model => Path.Combine(Root, "models", "tiny-reasoner");

    public static string Examples => Path.Combine(Root, "examples");

    public static string Cli => Path.Combine(AppContext.BaseDirectory, "datafactory.dll");

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
