namespace DataFactory.Storage.Schema;

/// <summary>How a problem's attempt in a run ended; stored by lower-case name.</summary>
public enum AttemptStatus
{
    /// <summary>Candidates were sampled and verified (whether or not any was correct).</summary>
    Done,

    /// <summary>The problem could not be processed (its message kept failing); see the failure reason.</summary>
    Failed,
}
