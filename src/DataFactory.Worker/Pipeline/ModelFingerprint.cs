using System.Security.Cryptography;
using System.Text;

namespace DataFactory.Worker.Pipeline;

/// <summary>
/// A model folder's identity for runs: SHA-256 over the names, sizes and contents of its
/// configuration and tokenizer files and the names, sizes, first and last MiB of its ONNX files.
/// Cheap on multi-gigabyte models, yet a retrained or re-exported model changes it.
/// </summary>
public static class ModelFingerprint
{
    private const int Edge = 1 << 20;

    private static readonly string[] SmallFiles = ["config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json"];

    /// <summary>The hex fingerprint of the folder.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static string Compute(string modelDirectory)
    {
        var root = new DirectoryInfo(modelDirectory);
        if (!root.Exists)
        {
            throw new DirectoryNotFoundException($"Model folder '{modelDirectory}' does not exist.");
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var name in SmallFiles)
        {
            var file = new FileInfo(Path.Combine(root.FullName, name));
            if (file.Exists)
            {
                hash.AppendData(Encoding.UTF8.GetBytes(name));
                hash.AppendData(File.ReadAllBytes(file.FullName));
            }
        }

        var onnx = root.EnumerateFiles("*", SearchOption.AllDirectories)
            .Where(f => f.Name.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) || f.Name.Contains(".onnx_data", StringComparison.OrdinalIgnoreCase) || f.Name.EndsWith(".onnx.data", StringComparison.OrdinalIgnoreCase))
            .OrderBy(f => Path.GetRelativePath(root.FullName, f.FullName), StringComparer.Ordinal);
        foreach (var file in onnx)
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"{Path.GetRelativePath(root.FullName, file.FullName)}:{file.Length}"));
            AppendEdges(hash, file);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void AppendEdges(IncrementalHash hash, FileInfo file)
    {
        using var stream = file.OpenRead();
        var buffer = new byte[Math.Min(Edge, file.Length)];
        stream.ReadExactly(buffer);
        hash.AppendData(buffer);
        if (file.Length > Edge)
        {
            stream.Seek(-buffer.Length, SeekOrigin.End);
            stream.ReadExactly(buffer);
            hash.AppendData(buffer);
        }
    }
}
