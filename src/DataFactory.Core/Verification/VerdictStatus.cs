namespace DataFactory.Core.Verification;

/// <summary>The outcome of checking one candidate.</summary>
public enum VerdictStatus
{
    /// <summary>The candidate's final answer is verified correct.</summary>
    Correct,

    /// <summary>An answer was found and it is wrong.</summary>
    Incorrect,

    /// <summary>No final answer could be found or parsed in the candidate.</summary>
    Unparseable,

    /// <summary>The task kind cannot be verified by this build (or the problem lacks what its verifier needs).</summary>
    Unsupported,
}
