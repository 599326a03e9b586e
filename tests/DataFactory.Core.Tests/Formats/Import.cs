using System.Text;
using DataFactory.Core.Formats;

namespace DataFactory.Core.Tests.Formats;

/// <summary>Reads problem files from text in memory or from the copied fixtures.</summary>
internal static class Import
{
    public const string FileName = "problems.jsonl";

    public static ImportResult Text(string text, ImportOptions? options = null) =>
        Bytes(Encoding.UTF8.GetBytes(text), options);

    public static ImportResult Bytes(byte[] bytes, ImportOptions? options = null)
    {
        using var stream = new MemoryStream(bytes);
        return ProblemFileReader.Read(stream, FileName, options ?? new ImportOptions());
    }

    public static ImportResult Lines(params string[] lines) => Text(string.Join('\n', lines) + "\n");

    public static ProblemImportException Rejects(string text, ImportOptions? options = null) =>
        Assert.Throws<ProblemImportException>(() => Text(text, options));

    /// <summary>Rejects a file of these lines and returns its only error.</summary>
    public static ImportError SingleError(params string[] lines)
    {
        var exception = Rejects(string.Join('\n', lines) + "\n");
        return Assert.Single(exception.Errors);
    }

    public static ImportResult Fixture(string name, ImportOptions? options = null) =>
        ProblemFileReader.Read(FixturePath(name), options ?? new ImportOptions());

    public static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);
}
