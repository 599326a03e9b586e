using System.CommandLine;

namespace DataFactory.Cli.Commands;

/// <summary><c>datafactory bench</c>: benchmarks that write their figures to <c>benchmarks/results/</c>.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Benchmarks; each writes its figures to a results file.");
        command.Subcommands.Add(BenchGenerateCommand.Create());
        return command;
    }
}
