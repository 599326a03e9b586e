using System.CommandLine;

var root = new RootCommand("DataFactory: sample, verify and curate reasoning traces.");
root.Subcommands.Add(DataFactory.Cli.Commands.VerifyCommand.Create());
root.Subcommands.Add(DataFactory.Cli.Commands.GenerateCommand.Create());
root.Subcommands.Add(DataFactory.Cli.Commands.BenchCommand.Create());
return await root.Parse(args).InvokeAsync();
