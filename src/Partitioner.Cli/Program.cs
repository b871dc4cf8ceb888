using System.CommandLine;
using Partitioner.Cli.Commands;

var root = new RootCommand("Partitioner: draws and checks boundaries for GP commissioning consortia.");
root.Subcommands.Add(EvaluateCommand.Create());
// solve: added with the solver
return root.Parse(args).Invoke();
