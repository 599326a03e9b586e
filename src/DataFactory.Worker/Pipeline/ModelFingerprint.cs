using System.Security.Cryptography;
using System.Text;
using DataFactory.Inference.Models;

namespace DataFactory.Worker.Pipeline;

/// <summary>
/// The identity of the model a worker serves, for runs and their queues: SHA-256 over the names and
/// contents of the folder's configuration and tokenizer files, the path of the ONNX file actually
/// loaded (the variant, e.g. <c>onnx/model_q4.onnx</c>) and the size, first and last MiB of that file
/// and its external data. Other variants in the folder do not count, so two workers serving two
/// variants of one folder have two fingerprints. Cheap on multi-gigabyte models, yet a retrained or
/// re-exported model changes it.
/// </summary>
public static class ModelFingerprint
{
    private const int Edge = 1 << 20;

    private static readonly string[] SmallFiles = ["config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json"];

    /// <summary>The hex fingerprint of the model in <paramref name="modelDirectory"/> loaded as <paramref name="variant"/>.</summary>
    /// <param name="modelDirectory">The model folder.</param>
    /// <param name="variant">The named ONNX variant (<c>DataFactory:Model:Variant</c>), or null or empty for the standard file.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="ModelLoadException">The folder has no such decoder file.</exception>
    public static string Compute(string modelDirectory, string? variant)
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

        var decoder = new FileInfo(ModelFolder.FindDecoder(root.FullName, string.IsNullOrWhiteSpace(variant) ? null : variant));
        hash.AppendData(Encoding.UTF8.GetBytes("decoder:" + Relative(root, decoder)));
        foreach (var file in WeightFiles(decoder))
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"{Relative(root, file)}:{file.Length}"));
            AppendEdges(hash, file);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The decoder file and its external data (<c>model.onnx_data</c>, <c>model.onnx.data</c>, <c>model.onnx_data_1</c>, ...).</summary>
    private static IEnumerable<FileInfo> WeightFiles(FileInfo decoder)
    {
        yield return decoder;
        var data = decoder.Directory!.EnumerateFiles(decoder.Name + "*")
            .Where(f => f.Name.Length > decoder.Name.Length && f.Name[decoder.Name.Length] is '_' or '.')
            .OrderBy(f => f.Name, StringComparer.Ordinal);
        foreach (var file in data)
        {
            yield return file;
        }
    }

    private static string Relative(DirectoryInfo root, FileInfo file) =>
        Path.GetRelativePath(root.FullName, file.FullName).Replace(Path.DirectorySeparatorChar, '/');

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
