namespace DataFactory.Storage.Regrade;

/// <summary>How far a regrade got: candidates re-checked out of those it found to re-check, and the changes so far.</summary>
public sealed record RegradeProgress(long Checked, long Total, long ToTraces, long ToRejected);
