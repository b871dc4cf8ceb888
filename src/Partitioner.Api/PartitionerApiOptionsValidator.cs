using Microsoft.Extensions.Options;

namespace Partitioner.Api;

/// <summary>Checks the settings against each other at start, naming each bad setting.</summary>
public sealed class PartitionerApiOptionsValidator : IValidateOptions<PartitionerApiOptions>
{
    public ValidateOptionsResult Validate(string? name, PartitionerApiOptions options)
    {
        var problems = options.Check().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
