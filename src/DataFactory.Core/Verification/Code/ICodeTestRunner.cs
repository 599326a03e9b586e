namespace DataFactory.Core.Verification.Code;

/// <summary>
/// Runs a candidate program with a problem's unit tests somewhere it cannot do harm (the bubblewrap
/// sandbox of <c>DataFactory.Sandbox</c>). Core holds only this contract: running code is I/O.
/// </summary>
public interface ICodeTestRunner
{
    /// <summary>
    /// Runs <paramref name="code"/> as a module, then <paramref name="tests"/> against it. Never throws
    /// for any code or tests, returns within the runner's time limits and is safe to call from many
    /// threads at once.
    /// </summary>
    CodeTestResult Run(string code, string tests);
}
