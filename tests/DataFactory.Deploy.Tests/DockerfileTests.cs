namespace DataFactory.Deploy.Tests;

/// <summary>The worker images' Dockerfiles: they copy only what exists and build the right ONNX Runtime flavour.</summary>
public sealed class DockerfileTests
{
    public static TheoryData<string> Dockerfiles => ["worker.Dockerfile", "worker-gpu.Dockerfile"];

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Copies_only_files_that_exist_and_that_dockerignore_keeps(string name)
    {
        var dockerfile = Dockerfile.Read(Repo.Path("deploy", "docker", name));
        var ignored = File.ReadAllLines(Repo.Path(".dockerignore"))
            .Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith("**", StringComparison.Ordinal))
            .ToArray();
        var sources = dockerfile.ContextSources().ToArray();
        Assert.Contains("src/", sources);
        foreach (var source in sources)
        {
            Assert.True(File.Exists(Repo.Path(source)) || Directory.Exists(Repo.Path(source)), $"{name}: COPY {source} does not exist");
            Assert.DoesNotContain(ignored, pattern => source.TrimEnd('/').StartsWith(pattern.TrimEnd('/'), StringComparison.Ordinal)
                && pattern.TrimEnd('/').Length >= source.TrimEnd('/').Length);
        }

        // The build settings every project imports must be in the image build.
        foreach (var file in new[] { "global.json", "Directory.Build.props", "Directory.Packages.props", ".editorconfig" })
        {
            Assert.Contains(file, sources);
        }
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Publishes_the_datafactory_command_and_runs_the_worker(string name)
    {
        var dockerfile = Dockerfile.Read(Repo.Path("deploy", "docker", name));
        Assert.Contains("dotnet publish src/DataFactory.Cli/DataFactory.Cli.csproj", dockerfile.Run, StringComparison.Ordinal);
        Assert.True(File.Exists(Repo.Path("src", "DataFactory.Cli", "DataFactory.Cli.csproj")));
        Assert.Contains("<AssemblyName>datafactory</AssemblyName>", File.ReadAllText(Repo.Path("src", "DataFactory.Cli", "DataFactory.Cli.csproj")), StringComparison.Ordinal);
        Assert.Contains(dockerfile.Instructions, i => i.Instruction == "CMD" && i.Arguments == "[\"worker\"]");
        Assert.Contains(dockerfile.Instructions, i => i.Instruction == "EXPOSE" && i.Arguments == "9464");
        Assert.Contains(dockerfile.Instructions, i => i.Instruction == "USER");
    }

    [Fact]
    public void The_cpu_image_builds_the_cpu_flavour_on_the_aspnet_runtime()
    {
        var dockerfile = Dockerfile.Read(Repo.Path("deploy", "docker", "worker.Dockerfile"));
        Assert.Contains("-p:OnnxRuntimeFlavor=Cpu", dockerfile.Run, StringComparison.Ordinal);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:10.0", dockerfile.FinalBase, StringComparison.Ordinal);
    }

    [Fact]
    public void The_gpu_image_builds_the_gpu_flavour_on_the_cuda_runtime()
    {
        var dockerfile = Dockerfile.Read(Repo.Path("deploy", "docker", "worker-gpu.Dockerfile"));
        Assert.Contains("-p:OnnxRuntimeFlavor=Gpu", dockerfile.Run, StringComparison.Ordinal);
        Assert.Contains("--self-contained true", dockerfile.Run, StringComparison.Ordinal);
        Assert.Matches(@"^nvidia/cuda:12\.[0-9.]+-cudnn-runtime-", dockerfile.FinalBase);

        // The switch the image relies on: the Gpu flavour references the Linux CUDA build of ONNX Runtime, which has a central version.
        var inference = File.ReadAllText(Repo.Path("src", "DataFactory.Inference", "DataFactory.Inference.csproj"));
        Assert.Contains("Condition=\"'$(OnnxRuntimeFlavor)' == 'Gpu'\"", inference, StringComparison.Ordinal);
        Assert.Contains("<PackageReference Include=\"Microsoft.ML.OnnxRuntime.Gpu.Linux\" />", inference, StringComparison.Ordinal);
        Assert.Contains("<PackageVersion Include=\"Microsoft.ML.OnnxRuntime.Gpu.Linux\"", File.ReadAllText(Repo.Path("Directory.Packages.props")), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_onnx_runtime_package_has_one_version()
    {
        var versions = System.Text.RegularExpressions.Regex.Matches(
                File.ReadAllText(Repo.Path("Directory.Packages.props")),
                "<PackageVersion Include=\"(Microsoft\\.ML\\.OnnxRuntime[A-Za-z.]*)\" Version=\"([^\"]+)\"")
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);

        Assert.Equal(["Microsoft.ML.OnnxRuntime", "Microsoft.ML.OnnxRuntime.Gpu", "Microsoft.ML.OnnxRuntime.Gpu.Linux", "Microsoft.ML.OnnxRuntime.Managed"], versions.Keys.Order(StringComparer.Ordinal));
        Assert.Single(versions.Values.Distinct());
    }
}
