using DataFactory.Core.Decontamination;

namespace DataFactory.Cli.Decontamination;

/// <summary>The benchmarks named on the command line and the check's settings.</summary>
internal sealed record DecontaminationRequest(IReadOnlyList<string> Against, DecontaminationOptions Options);
