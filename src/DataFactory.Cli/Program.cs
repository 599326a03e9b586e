using System.CommandLine;
using DataFactory.Cli.Commands;
using DataFactory.Cli.Eval;
using DataFactory.Cli.Models;
using DataFactory.Cli.Serve;

var root = new RootCommand("DataFactory: sample, verify and curate reasoning traces.")
{
    DemoCommand.Create(),
    ImportCommand.Create(),
    RunCommand.Create(),
    WorkerCommand.Create(),
    ServeCommand.Create(),
    StatusCommand.Create(),
    ExportCommand.Create(),
    RegradeCommand.Create(),
    DataFactory.Cli.Decontamination.DecontaminateCommand.Create(),
    MigrateCommand.Create(),
    VerifyCommand.Create(),
    GenerateCommand.Create(),
    EvalCommand.Create(),
    ModelsCommand.Create(),
    BenchCommand.Create(),
};
var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    // Usage errors exit 2 (as a bad value inside a command does), with the command's help a flag away.
    foreach (var error in parse.Errors)
    {
        await Console.Error.WriteLineAsync($"error: {error.Message}");
    }

    await Console.Error.WriteLineAsync("run the command with --help for its usage");
    return DataFactory.Cli.Settings.CliRunner.Usage;
}

// Commands take Ctrl+C and SIGTERM themselves (CliRunner), so that they stop cleanly with exit code 130.
return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
