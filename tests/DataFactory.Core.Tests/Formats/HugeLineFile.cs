namespace DataFactory.Core.Tests.Formats;

/// <summary>A temporary GSM8K file whose second line is 100 MB long, written once for the class.</summary>
public sealed class HugeLineFile : IDisposable
{
    public const int HugeLineBytes = 100 * 1024 * 1024;

    public HugeLineFile()
    {
        using var file = new FileStream(Path, FileMode.CreateNew, FileAccess.Write);
        file.Write("""{"question":"small","answer":"#### 1"}"""u8);
        file.Write("\n{\"question\":\""u8);
        var block = new byte[1024 * 1024];
        block.AsSpan().Fill((byte)'a');
        for (var written = 0; written < HugeLineBytes; written += block.Length)
        {
            file.Write(block);
        }

        file.Write("\",\"answer\":\"#### 2\"}\n"u8);
        file.Write("""{"question":"after","answer":"#### 3"}"""u8);
        file.Write("\n"u8);
    }

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"datafactory-huge-{Guid.NewGuid():N}.jsonl");

    public void Dispose() => File.Delete(Path);
}
