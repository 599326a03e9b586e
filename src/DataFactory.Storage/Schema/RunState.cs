namespace DataFactory.Storage.Schema;

/// <summary>Where a run stands; stored by lower-case name.</summary>
public enum RunState
{
    /// <summary>Created and queued; no problem finished yet.</summary>
    Queued,

    /// <summary>At least one problem finished.</summary>
    Running,

    /// <summary>Every problem is done or failed.</summary>
    Done,
}
