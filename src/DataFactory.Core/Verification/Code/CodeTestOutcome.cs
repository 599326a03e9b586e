namespace DataFactory.Core.Verification.Code;

/// <summary>How a run of a program with its unit tests ended.</summary>
public enum CodeTestOutcome
{
    /// <summary>Every test passed.</summary>
    Passed,

    /// <summary>A test failed or raised, or the program itself did not compile or raised.</summary>
    Failed,

    /// <summary>The run went past its wall-clock limit and was killed.</summary>
    TimedOut,

    /// <summary>A process of the run used up its CPU-time limit and was killed.</summary>
    CpuLimitExceeded,

    /// <summary>The run wrote more than its output cap and was killed.</summary>
    OutputLimitExceeded,

    /// <summary>The run ended before its tests finished: killed by a signal, or the program exited early.</summary>
    Crashed,

    /// <summary>The problem's tests cannot judge anything: they do not compile or run no test at all.</summary>
    InvalidTests,

    /// <summary>The sandbox could not be used (not installed, no namespaces); no code ran.</summary>
    Unavailable,
}
