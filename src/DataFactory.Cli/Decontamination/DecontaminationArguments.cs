using System.CommandLine;
using DataFactory.Cli.Settings;
using DataFactory.Core.Decontamination;

namespace DataFactory.Cli.Decontamination;

/// <summary>The benchmarks to check against (<c>--against</c>, or <c>--decontaminate</c> on import) and the check's settings.</summary>
internal sealed class DecontaminationArguments
{
    private readonly Option<string[]> _against;
    private readonly Option<int> _ngram = new("--ngram")
    {
        Description = "N-gram length in words.",
        DefaultValueFactory = _ => DecontaminationOptions.DefaultNgramSize,
    };

    private readonly Option<double> _minOverlap = new("--min-overlap")
    {
        Description = "Share of a benchmark item's n-grams a problem must hold to be flagged.",
        DefaultValueFactory = _ => DecontaminationOptions.DefaultMinOverlap,
    };

    public DecontaminationArguments(string name, bool required = false)
    {
        _against = new Option<string[]>(name)
        {
            Description = $"Benchmark to check against: a problem file or Parquet folder, a problem set, or a bundled benchmark ({BenchmarkSources.BundledNames}); repeat or list several.",
            Required = required,
            AllowMultipleArgumentsPerToken = true,
        };
    }

    public void AddTo(Command command)
    {
        command.Options.Add(_against);
        command.Options.Add(_ngram);
        command.Options.Add(_minOverlap);
    }

    /// <summary>What to check against, or null when no benchmark was named.</summary>
    public DecontaminationRequest? Read(ParseResult parse)
    {
        var against = parse.GetValue(_against) ?? [];
        if (against.Length == 0)
        {
            return null;
        }

        var options = new DecontaminationOptions { NgramSize = parse.GetValue(_ngram), MinOverlap = parse.GetValue(_minOverlap) };
        try
        {
            options.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new CliException(e.ParamName == nameof(DecontaminationOptions.NgramSize)
                ? $"--ngram {options.NgramSize}: the n-gram length is 1 to 64 words."
                : $"--min-overlap {options.MinOverlap}: the share is above 0 and at most 1.");
        }

        return new DecontaminationRequest(against, options);
    }
}
