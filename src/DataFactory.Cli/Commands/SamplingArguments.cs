using System.CommandLine;
using System.Security.Cryptography;
using DataFactory.Cli.Settings;
using DataFactory.Core.Sampling;

namespace DataFactory.Cli.Commands;

/// <summary>
/// The sampling options shared by <c>run</c> and <c>demo</c>. Without <c>--seed</c>, <c>run</c> draws a fresh
/// random seed (a rerun samples new candidates), <c>demo</c> keeps its fixed one (its figures are quoted).
/// </summary>
internal sealed class SamplingArguments(ulong? defaultSeed = null)
{
    private readonly Option<int> _samples = new("--samples", "-n") { Description = "Candidates per problem.", DefaultValueFactory = _ => 16 };
    private readonly Option<float> _temperature = new("--temperature") { Description = "Sampling temperature.", DefaultValueFactory = _ => 0.8f };
    private readonly Option<float> _topP = new("--top-p") { Description = "Nucleus sampling mass (1 disables).", DefaultValueFactory = _ => 1.0f };
    private readonly Option<int> _topK = new("--top-k") { Description = "Keep the k most likely tokens (0 disables).", DefaultValueFactory = _ => 0 };
    private readonly Option<int> _maxTokens = new("--max-tokens") { Description = "Maximum new tokens per candidate.", DefaultValueFactory = _ => 384 };
    private readonly Option<ulong?> _seed = new("--seed")
    {
        Description = defaultSeed is { } fixedSeed
            ? $"Run seed: a rerun with the same seed reproduces every candidate (default {fixedSeed})."
            : "Run seed: a rerun with the same seed and settings reproduces every candidate (default: a fresh random seed, printed and stored with the run).",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_samples);
        command.Options.Add(_temperature);
        command.Options.Add(_topP);
        command.Options.Add(_topK);
        command.Options.Add(_maxTokens);
        command.Options.Add(_seed);
    }

    public SamplingOptions Read(ParseResult parse)
    {
        var samples = parse.GetValue(_samples);
        var temperature = parse.GetValue(_temperature);
        var topP = parse.GetValue(_topP);
        var maxTokens = parse.GetValue(_maxTokens);
        if (samples < 1 || temperature < 0 || topP is <= 0 or > 1 || maxTokens < 1 || parse.GetValue(_topK) < 0)
        {
            throw new CliException("sampling options out of range: --samples >= 1, --temperature >= 0, --top-p in (0, 1], --top-k >= 0, --max-tokens >= 1.");
        }

        return new()
        {
            Samples = samples,
            Temperature = temperature,
            TopP = topP,
            TopK = parse.GetValue(_topK),
            Greedy = temperature == 0,
            MaxNewTokens = maxTokens,
            Seed = parse.GetValue(_seed) ?? defaultSeed ?? RandomSeed(),
        };
    }

    /// <summary>Whether the command line named a seed.</summary>
    public bool SeedGiven(ParseResult parse) => parse.GetValue(_seed) is not null;

    private static ulong RandomSeed()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);

        // Kept below 2^53 so that the seed survives any JSON reader that parses numbers as doubles.
        return BitConverter.ToUInt64(bytes) & ((1UL << 53) - 1);
    }
}
