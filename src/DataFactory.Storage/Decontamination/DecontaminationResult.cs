namespace DataFactory.Storage.Decontamination;

/// <summary>What a decontamination pass over a set found.</summary>
/// <param name="Checked">Problems of the set checked.</param>
/// <param name="Flags">The problems flagged, in problem order, each with its strongest match.</param>
public sealed record DecontaminationResult(long Checked, IReadOnlyList<ContaminationFlag> Flags);
