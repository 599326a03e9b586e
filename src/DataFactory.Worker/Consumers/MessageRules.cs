using System.Globalization;
using DataFactory.Worker.Contracts;

namespace DataFactory.Worker.Consumers;

/// <summary>
/// What a <see cref="GenerateTraces"/> message must hold before any work is tried: a run id and a
/// non-empty, bounded list of positive problem ids. A message that breaks these can never succeed.
/// </summary>
internal static class MessageRules
{
    /// <summary>The most problem ids one message may carry (the CLI sends a few).</summary>
    public const int MaxProblemIds = 4096;

    /// <summary>Null when the message is well formed; else why it is not.</summary>
    public static string? Problem(GenerateTraces? message)
    {
        if (message is null)
        {
            return "the message has no body";
        }

        if (message.RunId == Guid.Empty)
        {
            return "the message has no run id";
        }

        if (message.ProblemIds is null || message.ProblemIds.Count == 0)
        {
            return "the message has no problem ids";
        }

        if (message.ProblemIds.Count > MaxProblemIds)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the message has {message.ProblemIds.Count} problem ids; at most {MaxProblemIds} are allowed");
        }

        foreach (var id in message.ProblemIds)
        {
            if (id <= 0)
            {
                return string.Create(CultureInfo.InvariantCulture, $"problem id {id} is not a store id");
            }
        }

        return null;
    }
}
