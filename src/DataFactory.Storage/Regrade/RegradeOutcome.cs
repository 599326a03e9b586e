namespace DataFactory.Storage.Regrade;

/// <summary>What the regrade did to one stored candidate.</summary>
internal enum RegradeOutcome
{
    /// <summary>Its verdict stands; its version (and reason or extracted answer) brought up to date.</summary>
    Unchanged,

    /// <summary>Still a trace, but a newer step checker changed its flawed mark.</summary>
    FlawedChanged,

    /// <summary>A rejected candidate that now verifies, moved to the traces.</summary>
    ToTrace,

    /// <summary>A trace that no longer verifies, moved to the rejected candidates.</summary>
    ToRejected,

    /// <summary>Left as it is: the verifier could not judge it, or another regrade moved it first.</summary>
    Skipped,
}
