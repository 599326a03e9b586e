using DataFactory.Core.Problems;

namespace DataFactory.Storage.Import;

/// <summary>A problem to insert, with its content hash.</summary>
internal sealed record IncomingProblem(Problem Problem, byte[] Hash);
