using System.CommandLine;
using DataFactory.Cli.Settings;
using DataFactory.Core.Sampling;

namespace DataFactory.Cli.Commands;

/// <summary>The sampling options shared by <c>run</c> and <c>demo</c>.</summary>
internal sealed class SamplingArguments
{
    private readonly Option<int> _samples = new("--samples", "-n") { Description = "Candidates per problem.", DefaultValueFactory = _ => 16 };
    private readonly Option<float> _temperature = new("--temperature") { Description = "Sampling temperature.", DefaultValueFactory = _ => 0.8f };
    private readonly Option<float> _topP = new("--top-p") { Description = "Nucleus sampling mass (1 disables).", DefaultValueFactory = _ => 1.0f };
    private readonly Option<int> _topK = new("--top-k") { Description = "Keep the k most likely tokens (0 disables).", DefaultValueFactory = _ => 0 };
    private readonly Option<int> _maxTokens = new("--max-tokens") { Description = "Maximum new tokens per candidate.", DefaultValueFactory = _ => 384 };
    private readonly Option<ulong> _seed = new("--seed") { Description = "Run seed: a rerun with the same seed reproduces every candidate.", DefaultValueFactory = _ => 1234UL };

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
            Seed = parse.GetValue(_seed),
        };
    }
}
