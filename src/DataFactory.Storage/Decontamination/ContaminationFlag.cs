using DataFactory.Core.Decontamination;

namespace DataFactory.Storage.Decontamination;

/// <summary>A problem of the set found to overlap a benchmark item.</summary>
/// <param name="ProblemId">The problem's external id.</param>
/// <param name="Match">The benchmark item and the overlap.</param>
public sealed record ContaminationFlag(string ProblemId, ContaminationMatch Match);
