using System.CommandLine;
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
        command.Validators.Add(result =>
        {
            if (result.GetValue(_samples) < 1)
            {
                result.AddError("--samples must be at least 1.");
            }

            if (result.GetValue(_temperature) < 0)
            {
                result.AddError("--temperature must not be negative.");
            }

            if (result.GetValue(_topP) is <= 0 or > 1)
            {
                result.AddError("--top-p must be in (0, 1].");
            }

            if (result.GetValue(_maxTokens) < 1)
            {
                result.AddError("--max-tokens must be at least 1.");
            }
        });
    }

    public SamplingOptions Read(ParseResult parse) => new()
    {
        Samples = parse.GetValue(_samples),
        Temperature = parse.GetValue(_temperature),
        TopP = parse.GetValue(_topP),
        TopK = parse.GetValue(_topK),
        Greedy = parse.GetValue(_temperature) == 0,
        MaxNewTokens = parse.GetValue(_maxTokens),
        Seed = parse.GetValue(_seed),
    };
}
