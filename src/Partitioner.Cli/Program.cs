using System.CommandLine;
using Partitioner.Cli.Commands;

var root = new RootCommand("Partitioner: draws and checks boundaries for GP commissioning consortia.");
root.Subcommands.Add(EvaluateCommand.Create());
root.Subcommands.Add(SolveCommand.Create());
root.Subcommands.Add(LocalitiesCommand.Create());
root.Subcommands.Add(EnsembleCommand.Create());
return root.Parse(args).Invoke();
