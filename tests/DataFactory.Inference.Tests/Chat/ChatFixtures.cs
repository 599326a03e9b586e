namespace DataFactory.Inference.Tests.Chat;

/// <summary>Finds tests/DataFactory.Inference.Tests/Fixtures from the test binaries.</summary>
internal static class ChatFixtures
{
    public static string Path(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var root = System.IO.Path.Combine(dir.FullName, "tests", "DataFactory.Inference.Tests", "Fixtures");
            if (Directory.Exists(root))
            {
                return System.IO.Path.Combine([root, .. parts]);
            }
        }

        throw new InvalidOperationException("Fixtures folder not found above " + AppContext.BaseDirectory);
    }
}
