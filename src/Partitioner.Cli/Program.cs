using System.CommandLine;
using Partitioner.Cli.Commands;

var root = new RootCommand("Partitioner: draws and checks boundaries for GP commissioning consortia.");
root.Subcommands.Add(EvaluateCommand.Create());
root.Subcommands.Add(SolveCommand.Create());
root.Subcommands.Add(SweepCommand.Create());
root.Subcommands.Add(LocalitiesCommand.Create());
root.Subcommands.Add(ImportCommand.Create());
root.Subcommands.Add(FederateCommand.Create());
root.Subcommands.Add(EnsembleCommand.Create());
return root.Parse(args).Invoke();
